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
 * <p>Every failure answers the two questions an application asks, without {@code instanceof}:
 * {@link #mayHaveTakenEffect()} and {@link #isSafeToResend()}.
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

  private final boolean read;

  HandoffException(PlivoRequest request, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.read = request.isRead();
  }

  /**
   * Whether the operation may have taken effect on Plivo's side: false when it certainly was not
   * performed (nothing was sent, Plivo refused it, or it only read), true when it may have been
   * (the request may have reached Plivo and no answer said what happened: a 500, 502 or 504, a
   * reset or a timeout after the request was written). When true, check before doing it again:
   * {@code docs/errors.md} says how for each operation (for a call transfer, {@code
   * Handoff.readLiveCall}). The same answer for every transport.
   */
  public abstract boolean mayHaveTakenEffect();

  /**
   * Whether sending the same request again, unchanged, is safe and may succeed: true when it
   * certainly did not take effect and the cause may pass (nothing was sent, HTTP 429, a 503 with
   * {@code Retry-After}), and for every transient failure of a read (reads change nothing); false
   * when it may have taken effect, and for refusals the same request meets again (400, 401, 403,
   * 404, 405: fix the request or the account first). Handoff's own {@code RetryPolicy} retries
   * exactly these failures.
   */
  public abstract boolean isSafeToResend();

  /** Whether the failed operation only read ({@link PlivoRequest#isRead()}). */
  final boolean isRead() {
    return read;
  }
}
