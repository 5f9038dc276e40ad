package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * No usable answer from Plivo: the connection failed, broke, or the answer could not be read.
 * {@link #delivery()} says whether the request may have been performed; {@link #getCause()} keeps
 * the transport's own exception.
 */
public sealed class TransportFailureException extends HandoffException
    permits DeadlineExceededException,
        RateBudgetExhaustedException,
        CoordinationUnavailableException,
        DuplicateInDoubtException {
  private static final long serialVersionUID = 1L;

  private final Delivery delivery;

  /** The status of an answer whose body was too large to read; 0 for every other failure. */
  private final int unreadBodyStatus;

  /**
   * @param request the request that failed
   * @param delivery whether the request may have reached Plivo
   * @param message what failed, without credentials; what that means for the request's effect is
   *     appended here, once for every failure
   * @param cause the transport's exception, or null
   */
  TransportFailureException(
      PlivoRequest request, Delivery delivery, String message, @Nullable Throwable cause) {
    this(request, delivery, message, cause, 0);
  }

  TransportFailureException(
      PlivoRequest request,
      Delivery delivery,
      String message,
      @Nullable Throwable cause,
      int unreadBodyStatus) {
    super(request, withConsequence(message, request, Checks.notNull(delivery, "delivery")), cause);
    this.delivery = delivery;
    this.unreadBodyStatus = unreadBodyStatus;
  }

  /** {@code message} ending with its consequence once (a redacted copy is built from a message). */
  private static String withConsequence(String message, PlivoRequest request, Delivery delivery) {
    String consequence = consequence(request, delivery);
    return message.endsWith(consequence) ? message : message + consequence;
  }

  private static String consequence(PlivoRequest request, Delivery delivery) {
    if (delivery == Delivery.NOT_SENT) {
      return "";
    }
    return request.isRead()
        ? "; a read changes nothing, so it is safe to send again"
        : "; the outcome is unknown: Plivo may have performed it";
  }

  int unreadBodyStatus() {
    return unreadBodyStatus;
  }

  /**
   * True when Plivo may have performed the request: delivery {@link Delivery#UNKNOWN} and not a
   * read.
   */
  @Override
  public boolean mayHaveTakenEffect() {
    return delivery == Delivery.UNKNOWN && !isRead();
  }

  /** True when nothing was sent ({@link Delivery#NOT_SENT}), and for a read. */
  @Override
  public boolean isSafeToResend() {
    return delivery == Delivery.NOT_SENT || isRead();
  }

  /**
   * {@link Delivery#NOT_SENT} when the transport knows the request never left; otherwise {@link
   * Delivery#UNKNOWN}: the request may have reached Plivo, and a transfer may have been performed
   * ({@link #mayHaveTakenEffect()}).
   */
  public Delivery delivery() {
    return delivery;
  }
}
