package dev.handoff;

/**
 * What an operation does when a store that coordinates a fleet (a {@link RateBudget}, an {@link
 * IdempotencyStore}) fails or cannot be reached. {@code docs/fleet.md} says what each risks.
 */
public enum FailureMode {
  /**
   * Send uncoordinated, as if the store were not configured, and tell the listener ({@link
   * TransferListener#coordinationFailed}). The default of a rate budget: a burst past the account's
   * limit meets 429s, which are retried.
   */
  FAIL_OPEN,
  /**
   * Refuse the operation with {@link dev.handoff.model.CoordinationUnavailableException} ({@code
   * NOT_SENT}). The default of idempotency: a refused transfer can be sent again, a duplicate one
   * rings the specialist's phone twice.
   */
  FAIL_CLOSED
}
