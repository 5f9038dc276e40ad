package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.SecretsContract;

/** The secrets sweep over the Retrofit transport. */
class RetrofitSecretsContractTest extends SecretsContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }
}
