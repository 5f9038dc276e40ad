package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import org.junit.jupiter.api.Test;

/** One transfer through the installed artifacts, resolved the way a user's build resolves them. */
class SmokeTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");

  @Test
  void oneWarmTransferAgainstTheFake() {
    PhloId phlo = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
    NodeId node = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      plivo.addNode(phlo, node, Address.of("+14152223333"), Address.of("+14152224444"));
      HandoffConfig config = HandoffConfig.builder(CREDENTIALS)
          .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
      try (Handoff handoff = Handoff.create(config)) {
        Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
            .phloId(phlo).nodeId(node).triggerSource("+14152223333").to("+14152225555").build());
        assertThat(receipt.status()).isEqualTo(201);
        assertThat(receipt.apiId()).isNotBlank();
      }
      RecordedPlivoRequest request = plivo.httpRequests().get(0);
      assertThat(request.path())
          .isEqualTo("/v1/phlo/" + phlo.value() + "/multi_party_call/" + node.value());
      assertThat(request.body()).contains("\"action\":\"warm_transfer\"");
      assertThat(plivo.members(phlo, node)).contains(Address.of("+14152225555"));
    }
  }
}
