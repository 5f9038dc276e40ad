package dev.handoff.model;

import dev.handoff.internal.Failures;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Core's only way to the exceptions' package-private constructors: see {@link Failures}. */
final class ModelFailures implements Failures {

  @Override
  public PlivoErrorException plivoError(
      PlivoRequest request,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt,
      @Nullable Duration retryAfter) {
    Class<? extends PlivoErrorException> type = PlivoErrorException.typeFor(status);
    if (type == AuthenticationFailedException.class) {
      return new AuthenticationFailedException(request, status, apiId, plivoError, excerpt);
    }
    if (type == NotPermittedException.class) {
      return new NotPermittedException(request, status, apiId, plivoError, excerpt);
    }
    if (type == NotFoundException.class) {
      return new NotFoundException(request, status, apiId, plivoError, excerpt);
    }
    if (type == RateLimitedException.class) {
      return new RateLimitedException(request, apiId, plivoError, excerpt, retryAfter);
    }
    if (type == PlivoUnavailableException.class) {
      return new PlivoUnavailableException(request, status, apiId, plivoError, excerpt, retryAfter);
    }
    return new RejectedException(request, status, apiId, plivoError, excerpt);
  }

  @Override
  public TransportFailureException transportFailure(
      PlivoRequest request, Delivery delivery, String message, @Nullable Throwable cause) {
    return new TransportFailureException(request, delivery, message, cause);
  }

  @Override
  public TransportFailureException bodyTooLarge(PlivoRequest request, int status, String message) {
    return new TransportFailureException(request, Delivery.UNKNOWN, message, null, status);
  }

  @Override
  public int unreadBodyStatus(TransportFailureException failure) {
    return failure.unreadBodyStatus();
  }

  @Override
  public @Nullable String body(PlivoErrorException failure) {
    return failure.body();
  }

  @Override
  public DeadlineExceededException deadlineExceeded(PlivoRequest request, Duration timeout) {
    return new DeadlineExceededException(request, timeout);
  }

  @Override
  public RateBudgetExhaustedException rateBudgetExhausted(
      PlivoRequest request, Duration wait, Duration remaining) {
    return new RateBudgetExhaustedException(request, wait, remaining);
  }

  @Override
  public CoordinationUnavailableException coordinationUnavailable(
      PlivoRequest request, String what, @Nullable Throwable cause) {
    return new CoordinationUnavailableException(request, what, cause);
  }

  @Override
  public DuplicateInDoubtException duplicateInDoubt(PlivoRequest request) {
    return new DuplicateInDoubtException(request);
  }
}
