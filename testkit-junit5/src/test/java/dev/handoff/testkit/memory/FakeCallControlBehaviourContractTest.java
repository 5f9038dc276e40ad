package dev.handoff.testkit.memory;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.PlivoFake;
import dev.handoff.testkit.contract.BehaviourContract;

/**
 * The behaviour contract against the in-memory fake: every answer the transports turn into an
 * exception, the fake's scripts turn into the same one, so a consumer's test on {@link
 * FakeCallControl} sees what it would see over Retrofit or Vert.x.
 */
class FakeCallControlBehaviourContractTest extends BehaviourContract {
  private FakeCallControl fake;

  @Override
  protected PlivoFake startFake(Credentials credentials) {
    fake = FakeCallControl.create(CallModel.create(credentials.authId()));
    return fake;
  }

  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return Handoff.create(fake, config);
  }
}
