package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.WireContract;

/** The wire contract against the JDK transport. */
class JdkWireContractTest extends WireContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }

  @Override
  protected String transportName() {
    return JdkCallControl.NAME;
  }
}
