package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.handoff.VirtualThreadTransfers.Outcome;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualThreadTransfersTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");

  @Test
  void transfersEachCallOnItsOwnVirtualThread() throws Exception {
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      List<WarmTransfer> transfers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        NodeId node = NodeId.of("node-" + i);
        plivo.addNode(PHLO, node, Address.of("+141522200" + (10 + i)));
        transfers.add(WarmTransfer.builder().phloId(PHLO).nodeId(node)
            .triggerSource("+141522200" + (10 + i)).to("+141555500" + (10 + i)).build());
      }
      transfers.add(WarmTransfer.builder().phloId(PHLO).nodeId("gone")
          .triggerSource("+14152220099").to("+14155550099").build());

      HandoffConfig config = HandoffConfig.builder(CREDENTIALS)
          .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
      List<Outcome> outcomes;
      try (Handoff handoff = Handoff.create(config)) {
        outcomes = new VirtualThreadTransfers(handoff).transferAll(transfers);
      }

      assertThat(outcomes.subList(0, 20)).allSatisfy(outcome ->
          assertThat(outcome).isInstanceOfSatisfying(Outcome.Accepted.class,
              accepted -> assertThat(accepted.receipt().status()).isEqualTo(201)));
      assertThat(outcomes.get(20)).isInstanceOfSatisfying(Outcome.Failed.class,
          failed -> assertThat(failed.failure()).isInstanceOf(NotFoundException.class));
      assertThat(plivo.members(PHLO, NodeId.of("node-7"))).contains(Address.of("+14155550017"));
      assertThat(plivo.requestCount()).isEqualTo(21);
    }
  }
}
