package dev.handoff.opentelemetry;

import dev.handoff.model.PlivoErrorException;
import dev.handoff.spi.PlivoResponse;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error.type} of an operation's outcome (copied from handoff-micrometer's, which has no
 * dependency in common with this module). An interceptor sees Plivo's response before core gives it
 * its meaning, so the exception's name comes from core's one table, {@link
 * PlivoErrorException#typeFor}; the tests pin it against what a real {@code Handoff} throws.
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
    return response.isSuccess()
        ? SUCCESS
        : PlivoErrorException.typeFor(response.status()).getSimpleName();
  }

  static @Nullable Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
