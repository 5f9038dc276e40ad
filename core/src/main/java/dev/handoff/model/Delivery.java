package dev.handoff.model;

/** Whether a request that got no usable answer may have reached Plivo. */
public enum Delivery {
  /**
   * The request certainly never left: the connection was refused, the host name did not resolve, or
   * connecting timed out. Nothing was performed; sending it again is safe.
   */
  NOT_SENT,
  /**
   * The request may have reached Plivo: the connection broke or timed out after the request was
   * (perhaps partly) written. <b>Plivo may have performed the transfer.</b> Check the call's state
   * before sending it again: a transfer is not idempotent.
   */
  UNKNOWN
}
