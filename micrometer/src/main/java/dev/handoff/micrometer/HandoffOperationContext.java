package dev.handoff.micrometer;

import dev.handoff.model.PlivoRequest;

/**
 * The context of a {@code handoff.operation} observation: one {@code Handoff} call, all its
 * attempts included.
 */
public final class HandoffOperationContext extends HandoffContext {
  private volatile int attempts;

  HandoffOperationContext(PlivoRequest request, Shape shape) {
    super(request, shape);
  }

  /** How many attempts have started so far; 0 when an operation interceptor answered alone. */
  public int attempts() {
    return attempts;
  }

  /** {@code 0}, {@code 1}, {@code 2} or {@code 3+}: how many attempts were retries. */
  public String retriesBucket() {
    return Outcomes.retries(attempts - 1);
  }

  void attemptStarted(int attempt) {
    attempts = Math.max(attempts, attempt);
  }
}
