package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LifecycleContract;

/**
 * The lifecycle contract over the Vert.x transport with a {@code Vertx} of its own: its event
 * loops, workers and blocked-thread checker end with the Handoff.
 */
class WebClientLifecycleContractTest extends LifecycleContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(config);
  }

  @Override
  protected boolean isTransportThread(Thread thread) {
    return thread.getName().startsWith("vert.x-");
  }

  /**
   * Netty's {@code GlobalEventExecutor}, one per JVM: stopping the event loops completes their
   * termination futures' listeners on it, which starts its thread during {@code close()}; the
   * thread ends by itself after a second without tasks, so whether it is still alive when the
   * contract looks was a race (the test failed about every other run).
   */
  @Override
  protected boolean isSharedLibraryThread(Thread thread) {
    return thread.getName().startsWith("globalEventExecutor-");
  }
}
