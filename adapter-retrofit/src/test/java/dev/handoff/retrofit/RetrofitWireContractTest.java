package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.WireContract;

/** The wire contract every transport passes unchanged, run against the Retrofit transport. */
class RetrofitWireContractTest extends WireContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }

  @Override
  protected String transportName() {
    return "retrofit";
  }
}
