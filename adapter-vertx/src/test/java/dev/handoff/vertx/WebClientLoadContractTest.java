package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LoadContract;

/** The load contract (1,000 concurrent operations, no crossed answers) over the Vertx transport. */
class WebClientLoadContractTest extends LoadContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(config);
  }
}
