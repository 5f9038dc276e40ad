package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LoadContract;

/** The load contract (1,000 concurrent operations, no crossed answers) over the JDK transport. */
class JdkLoadContractTest extends LoadContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }
}
