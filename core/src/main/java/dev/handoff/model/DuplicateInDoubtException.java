package dev.handoff.model;

/**
 * A request with the same idempotency key was sent before, and its outcome is unknown: it may have
 * taken effect (a 5xx, a broken connection or a timeout after it was sent), or the instance that
 * sent it stopped before it knew. Handoff does not send it again. Check the call instead ({@code
 * Handoff.readLiveCall}, see {@code docs/errors.md}). {@link Delivery#UNKNOWN}: {@link
 * #mayHaveTakenEffect()} is true and {@link #isSafeToResend()} false.
 */
public final class DuplicateInDoubtException extends TransportFailureException {
  private static final long serialVersionUID = 1L;

  DuplicateInDoubtException(PlivoRequest request) {
    super(
        request,
        Delivery.UNKNOWN,
        request.displayName()
            + " was not sent again: a request with the same idempotency key was sent before and"
            + " its outcome is unknown; check the call (readLiveCall) before acting",
        null);
  }
}
