package dev.handoff.model;

import dev.handoff.internal.Failures;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Core's only way to the exceptions' package-private constructors: see {@link Failures}. */
final class ModelFailures implements Failures {

  @Override
  public PlivoErrorException plivoError(
      String operation,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt,
      @Nullable Duration retryAfter) {
    if (status == 401) {
      return new AuthenticationFailedException(operation, status, apiId, plivoError, excerpt);
    }
    if (status == 403) {
      return new NotPermittedException(operation, status, apiId, plivoError, excerpt);
    }
    if (status == 404) {
      return new NotFoundException(operation, status, apiId, plivoError, excerpt);
    }
    if (status == 429) {
      return new RateLimitedException(operation, apiId, plivoError, excerpt, retryAfter);
    }
    if (status >= 500) {
      return new PlivoUnavailableException(
          operation, status, apiId, plivoError, excerpt, retryAfter);
    }
    return new RejectedException(operation, status, apiId, plivoError, excerpt);
  }

  @Override
  public TransportFailureException transportFailure(
      Delivery delivery, String message, @Nullable Throwable cause) {
    return new TransportFailureException(delivery, message, cause);
  }

  @Override
  public DeadlineExceededException deadlineExceeded(String operation, Duration timeout) {
    return new DeadlineExceededException(operation, timeout);
  }
}
