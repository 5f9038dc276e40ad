package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * No usable answer from Plivo: the connection failed, broke, or the answer could not be read.
 * {@link #delivery()} says whether the request may have been performed; {@link #getCause()} keeps
 * the transport's own exception.
 */
public sealed class TransportFailureException extends HandoffException
    permits DeadlineExceededException {
  private static final long serialVersionUID = 1L;

  private final Delivery delivery;

  /**
   * @param delivery whether the request may have reached Plivo
   * @param message what failed, without credentials
   * @param cause the transport's exception, or null
   */
  TransportFailureException(Delivery delivery, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.delivery = Checks.notNull(delivery, "delivery");
  }

  /**
   * {@link Delivery#NOT_SENT} when the transport knows the request never left; otherwise {@link
   * Delivery#UNKNOWN}: Plivo may have performed the transfer.
   */
  public Delivery delivery() {
    return delivery;
  }
}
