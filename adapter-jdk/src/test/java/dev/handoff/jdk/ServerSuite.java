package dev.handoff.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.PlivoFake;
import dev.handoff.testkit.junit5.HandoffConfigurer;
import dev.handoff.testkit.junit5.HandoffFactory;
import dev.handoff.testkit.junit5.HandoffTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The way a user runs one suite over several transports: {@code @HandoffTest(SERVER)} on an
 * abstract class, the {@code Handoff} built by the transport on the class path (no factory line),
 * or by a {@link HandoffFactory} a subclass declares, and a configurer the subclasses may add to.
 * Run by {@link ServerSuiteOverJdkTest} and {@link ServerSuiteWithItsOwnTimeoutTest}.
 */
@HandoffTest(HandoffTest.Fake.SERVER)
abstract class ServerSuite {
  static final PhloId PHLO = PhloId.of("phlo-1");
  static final NodeId NODE = NodeId.of("node-1");
  static final Address U1 = Address.of("+14152223333");
  static final Address U3 = Address.of("+14152225555");
  static final Duration SUITE_TIMEOUT = Duration.ofSeconds(7);

  @HandoffConfigurer
  void suiteTimeout(HandoffConfig.Builder config) {
    config.timeout(SUITE_TIMEOUT);
  }

  /** The timeout the subclass expects in the injected configuration. */
  abstract Duration expectedTimeout();

  @Test
  void theSubclassRunsOverTheServerWithItsOwnHandoff(
      FakePlivoServer plivo,
      PlivoFake same,
      CallModel model,
      Handoff handoff,
      HandoffConfig config) {
    assertThat(same).isSameAs(plivo);
    assertThat(config.phloBaseUrl()).isEqualTo(plivo.baseUrl());
    assertThat(config.timeout()).isEqualTo(expectedTimeout());
    model.node(PHLO, NODE).member(U1);

    handoff.warmTransfer(new WarmTransfer(PHLO, NODE, U1, U3));

    plivo.assertSent(new WarmTransfer(PHLO, NODE, U1, U3));
    assertThat(plivo.httpRequests().get(0).header("User-Agent")).contains("jdk");
  }
}
