package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.BehaviourContract;

/** The behaviour contract every transport passes unchanged, run against the Retrofit transport. */
class RetrofitBehaviourContractTest extends BehaviourContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }
}
