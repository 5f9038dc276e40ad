package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.BehaviourContract;

/** The behaviour contract every transport passes, run against the JDK transport. */
class JdkBehaviourContractTest extends BehaviourContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }

  /**
   * The JDK's HttpClient silently sends an idempotent GET again, once, when the connection closes
   * before any byte of the answer (its {@code ConnectionExpiredException} retry in {@code
   * MultiExchange}), and nothing turns that off: the JDK transport cannot pass the "exactly one
   * request" rule of the connection-reset case for {@code read_node}.
   */
  @Override
  protected boolean resendsIdempotentRequests() {
    return true;
  }
}
