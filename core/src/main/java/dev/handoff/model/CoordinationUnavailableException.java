package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * A store that coordinates a fleet of Handoff instances (the idempotency store, or the rate budget
 * when it is configured to fail closed) could not be reached or failed, and the operation was
 * refused rather than risk a duplicate transfer or a burst past the account's limit. Always {@link
 * Delivery#NOT_SENT}: nothing was sent. {@code docs/fleet.md} says what each fault does.
 */
public final class CoordinationUnavailableException extends TransportFailureException {
  private static final long serialVersionUID = 1L;

  CoordinationUnavailableException(PlivoRequest request, String what, @Nullable Throwable cause) {
    super(
        request,
        Delivery.NOT_SENT,
        request.displayName() + " was not sent: " + what + " is unavailable",
        cause);
  }
}
