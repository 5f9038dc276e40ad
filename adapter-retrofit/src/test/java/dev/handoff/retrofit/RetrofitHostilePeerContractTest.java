package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.HostilePeerContract;

/**
 * The hostile-peer contract every transport passes unchanged, run against the Retrofit transport.
 */
class RetrofitHostilePeerContractTest extends HostilePeerContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }

  @Override
  protected String transportName() {
    return "retrofit";
  }
}
