package dev.handoff.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.ReadNode;
import dev.handoff.testkit.FakePlivoServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code Handoff.create(config)} finds this transport, the only one on this module's test path,
 * through its {@code provides} clause (surefire runs these tests on the module path), and by name.
 */
class VertxDiscoveryTest {
  private static final Credentials CREDENTIALS =
      new Credentials("MADISCOVERY000000000", "discovery-token");
  private static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  private static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");

  @Test
  void handoffCreateFindsTheVertxTransport() {
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      plivo.addNode(PHLO, NODE);
      HandoffConfig config =
          HandoffConfig.builder(CREDENTIALS)
              .phloBaseUrl(plivo.baseUrl())
              .voiceBaseUrl(plivo.baseUrl())
              .timeout(Duration.ofSeconds(10))
              .build();
      try (Handoff handoff = Handoff.create(config)) {
        assertThat(handoff.readNode(new ReadNode(PHLO, NODE)).nodeId()).isEqualTo(NODE);
      }
      try (Handoff chosen = Handoff.create(config.toBuilder().transport("vertx").build())) {
        assertThat(chosen.readNode(new ReadNode(PHLO, NODE)).nodeId()).isEqualTo(NODE);
      }
      assertThat(plivo.takeHttpRequest().header("User-Agent")).contains("(vertx;");
      assertThat(plivo.takeHttpRequest().header("User-Agent")).contains("(vertx;");
    }
  }
}
