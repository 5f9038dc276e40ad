package dev.handoff.vertx;

/** Whether the transport created its {@code Vertx} (and must close it) or borrowed the caller's. */
enum VertxOwnership {
  /** Created by {@link VertxHandoff#create(dev.handoff.HandoffConfig)}: closed with the Handoff. */
  OWNED,
  /** Lent by the caller: only the transport's own HTTP client is closed, never the Vertx. */
  BORROWED
}
