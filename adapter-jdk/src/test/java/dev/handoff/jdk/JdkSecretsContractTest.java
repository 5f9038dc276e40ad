package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.SecretsContract;

/** The secrets sweep over the JDK transport. */
class JdkSecretsContractTest extends SecretsContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }
}
