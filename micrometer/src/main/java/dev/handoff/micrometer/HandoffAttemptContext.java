package dev.handoff.micrometer;

import dev.handoff.model.PlivoRequest;

/**
 * The context of a {@code handoff.attempt} observation: one attempt of an operation, the first or a
 * retry, from the attempt interceptors to the transport's answer.
 */
public final class HandoffAttemptContext extends HandoffContext {
  private final int attempt;

  HandoffAttemptContext(PlivoRequest request, Shape shape, int attempt) {
    super(request, shape);
    this.attempt = attempt;
  }

  /** The attempt's number, 1 for the first. */
  public int attempt() {
    return attempt;
  }

  /** {@code 0}, {@code 1}, {@code 2} or {@code 3+}: how many retries came before this attempt. */
  public String retriesBucket() {
    return Outcomes.retries(attempt - 1);
  }
}
