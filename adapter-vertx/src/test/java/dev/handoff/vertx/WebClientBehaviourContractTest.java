package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.BehaviourContract;

/** The behaviour contract every transport passes unchanged, run against the Vertx transport. */
class WebClientBehaviourContractTest extends BehaviourContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(config);
  }
}
