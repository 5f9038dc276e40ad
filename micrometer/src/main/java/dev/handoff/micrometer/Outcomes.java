package dev.handoff.micrometer;

import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.PlivoResponse;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The low-cardinality values of an outcome. An interceptor sees Plivo's response before core gives
 * it its meaning, so the exception's name comes from core's one table, {@link
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

  /** {@code 1xx} to {@code 5xx}, built once: a status class is looked up per observation. */
  private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

  /** {@code 0}, {@code 1}, {@code 2}, {@code 3+}. */
  private static final String[] RETRIES = {"0", "1", "2", "3+"};

  static String statusClass(@Nullable PlivoResponse response) {
    if (response == null) {
      return NONE;
    }
    int hundreds = response.status() / 100;
    return hundreds >= 0 && hundreds < STATUS_CLASSES.length
        ? STATUS_CLASSES[hundreds]
        : hundreds + "xx";
  }

  static String delivery(@Nullable Throwable failure) {
    return failure instanceof TransportFailureException transport
        ? transport.delivery().name()
        : NONE;
  }

  /** 0, 1, 2 or 3+: a bounded tag for a count of retries. */
  static String retries(int retries) {
    return RETRIES[Math.min(3, Math.max(0, retries))];
  }

  static @Nullable Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
