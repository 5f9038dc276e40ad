package dev.handoff.model;

import dev.handoff.internal.Failures;
import org.jspecify.annotations.Nullable;

/**
 * Why a Handoff operation did not succeed. Unchecked, sealed and immutable; the blocking and the
 * asynchronous form of every operation fail with the same types.
 *
 * <ul>
 *   <li>{@link PlivoErrorException}: Plivo answered, and refused or failed. Its subtypes say who
 *       must act: {@link AuthenticationFailedException}, {@link NotPermittedException}, {@link
 *       NotFoundException}, {@link RejectedException}, {@link RateLimitedException}, {@link
 *       PlivoUnavailableException}.
 *   <li>{@link TransportFailureException}: no usable answer. Its {@link
 *       TransportFailureException#delivery() delivery()} says whether the request certainly never
 *       left ({@link Delivery#NOT_SENT}) or Plivo may have performed it ({@link Delivery#UNKNOWN});
 *       {@link DeadlineExceededException} is the timeout case.
 * </ul>
 *
 * <p>Messages never contain credentials.
 */
public abstract sealed class HandoffException extends RuntimeException
    permits PlivoErrorException, TransportFailureException {
  private static final long serialVersionUID = 1L;

  static {
    // Core creates every exception of this family through this factory; see Failures.
    Failures.register(new ModelFailures());
  }

  HandoffException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
