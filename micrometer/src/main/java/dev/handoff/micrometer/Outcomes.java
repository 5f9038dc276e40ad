package dev.handoff.micrometer;

import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.PlivoResponse;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The low-cardinality values of an outcome. An interceptor sees Plivo's response before core gives
 * it its meaning, so the status-to-exception table of {@code dev.handoff.internal.Failures} is
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

  static String statusClass(@Nullable PlivoResponse response) {
    return response == null ? NONE : (response.status() / 100) + "xx";
  }

  static String delivery(@Nullable Throwable failure) {
    return failure instanceof TransportFailureException transport
        ? transport.delivery().name()
        : NONE;
  }

  /** 0, 1, 2 or 3+: a bounded tag for a count of retries. */
  static String retries(int retries) {
    return retries >= 3 ? "3+" : Integer.toString(Math.max(0, retries));
  }

  static @Nullable Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
