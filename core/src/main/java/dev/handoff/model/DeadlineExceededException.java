package dev.handoff.model;

import java.time.Duration;

/**
 * The operation's timeout ran out before Plivo answered ({@code HandoffConfig.timeout()}, which
 * covers every attempt and every wait between attempts). Always {@link Delivery#UNKNOWN}: Plivo may
 * have performed the transfer.
 */
public final class DeadlineExceededException extends TransportFailureException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * @param request the request that timed out
   * @param timeout the timeout that ran out
   */
  DeadlineExceededException(PlivoRequest request, Duration timeout) {
    super(
        request,
        Delivery.UNKNOWN,
        request.displayName()
            + " got no answer within its timeout of "
            + timeout.toMillis()
            + " ms",
        null);
    this.timeout = timeout;
  }

  /** The timeout that ran out. */
  public Duration timeout() {
    return timeout;
  }
}
