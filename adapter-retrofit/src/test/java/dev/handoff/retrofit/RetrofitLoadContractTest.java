package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LoadContract;

/**
 * The load contract (1,000 concurrent operations, no crossed answers) over the Retrofit transport.
 */
class RetrofitLoadContractTest extends LoadContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }
}
