package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.WireContract;

/** The wire contract every transport passes unchanged, run against the Vertx transport. */
class WebClientWireContractTest extends WireContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(config);
  }

  @Override
  protected String transportName() {
    return "vertx";
  }
}
