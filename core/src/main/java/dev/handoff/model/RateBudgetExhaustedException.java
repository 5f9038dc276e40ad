package dev.handoff.model;

import java.time.Duration;

/**
 * The shared rate budget ({@code HandoffConfig.Builder.rateBudget}) had no permit for an attempt
 * within the operation's deadline: waiting for one would have passed it. Always {@link
 * Delivery#NOT_SENT}: nothing was sent, so sending it again later is safe.
 */
public final class RateBudgetExhaustedException extends TransportFailureException {
  private static final long serialVersionUID = 1L;

  private final Duration wait;

  RateBudgetExhaustedException(PlivoRequest request, Duration wait, Duration remaining) {
    super(
        request,
        Delivery.NOT_SENT,
        request.displayName()
            + " was not sent: the rate budget is exhausted (the next permit in "
            + wait.toMillis()
            + " ms, "
            + Math.max(0, remaining.toMillis())
            + " ms left before the deadline)",
        null);
    this.wait = wait;
  }

  /** How long until the budget would have had a permit, as the budget estimated it. */
  public Duration waitNeeded() {
    return wait;
  }
}
