package dev.handoff.opentelemetry;

import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.RejectedException;
import dev.handoff.spi.PlivoResponse;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error.type} of an operation's outcome (copied from handoff-micrometer's, which has no
 * dependency in common with this module). An interceptor sees Plivo's response before core gives it
 * its meaning, so the status-to-exception table of {@code dev.handoff.internal.Failures} is
 * repeated here (401, 403, 404, 429, 5xx, any other); the tests pin it against what a real {@code
 * Handoff} throws.
 */
final class Outcomes {
  static final String NONE = "none";
  static final String SUCCESS = "success";

  private Outcomes() {}

  static String outcome(@Nullable PlivoResponse response, @Nullable Throwable failure) {
    if (failure != null) {
      return failure.getClass().getSimpleName();
    }
    if (response == null) {
      return NONE;
    }
    int status = response.status();
    if (status >= 200 && status <= 299) {
      String error = response.field("error");
      if (error == null || error.isEmpty()) {
        return SUCCESS;
      }
      return RejectedException.class.getSimpleName();
    }
    if (status == 401) {
      return AuthenticationFailedException.class.getSimpleName();
    }
    if (status == 403) {
      return NotPermittedException.class.getSimpleName();
    }
    if (status == 404) {
      return NotFoundException.class.getSimpleName();
    }
    if (status == 429) {
      return RateLimitedException.class.getSimpleName();
    }
    if (status >= 500) {
      return PlivoUnavailableException.class.getSimpleName();
    }
    return RejectedException.class.getSimpleName();
  }

  static @Nullable Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
