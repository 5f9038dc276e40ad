package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LifecycleContract;

/**
 * The lifecycle contract over the Vert.x transport with a {@code Vertx} of its own: its event
 * loops, workers and blocked-thread checker end with the Handoff.
 */
class VertxLifecycleContractTest extends LifecycleContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return VertxHandoff.create(config);
  }

  @Override
  protected boolean isTransportThread(Thread thread) {
    return thread.getName().startsWith("vert.x-");
  }
}
