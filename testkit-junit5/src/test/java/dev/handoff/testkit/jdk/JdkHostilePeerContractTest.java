package dev.handoff.testkit.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.HostilePeerContract;

/**
 * The hostile-peer contract against the reference JDK transport, from another package on purpose.
 */
class JdkHostilePeerContractTest extends HostilePeerContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkCallControl.handoff(config);
  }

  @Override
  protected String transportName() {
    return JdkCallControl.NAME;
  }
}
