package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.SecretsContract;

/** The secrets sweep over the Vertx transport. */
class WebClientSecretsContractTest extends SecretsContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(config);
  }
}
