package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.HostilePeerContract;

/** The hostile-peer contract every transport passes unchanged, run against the Vertx transport. */
class WebClientHostilePeerContractTest extends HostilePeerContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(config);
  }

  @Override
  protected String transportName() {
    return "vertx";
  }
}
