package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.handoff.ThreadPoolTransfers.TransferOutcome;
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

class ThreadPoolTransfersTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");

  @Test
  void transfersEveryCallFromThePoolAndReportsEachFailureApart() throws Exception {
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      List<WarmTransfer> transfers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        NodeId node = NodeId.of("node-" + i);
        plivo.addNode(PHLO, node, Address.of("+1415222000" + i), Address.of("+1415333000" + i));
        transfers.add(transfer(node, "+1415222000" + i, "+1415555000" + i));
      }
      transfers.add(transfer(NodeId.of("no-such-node"), "+14152220009", "+14155550009"));

      HandoffConfig config = HandoffConfig.builder(CREDENTIALS)
          .phloBaseUrl(plivo.baseUrl())
          .voiceBaseUrl(plivo.baseUrl())
          .build();
      List<TransferOutcome> outcomes;
      try (Handoff handoff = Handoff.create(config);
          ThreadPoolTransfers pool = new ThreadPoolTransfers(handoff, 3)) {
        outcomes = pool.transferAll(transfers);
      }

      assertThat(outcomes).hasSize(7);
      for (int i = 0; i < 6; i++) {
        assertThat(outcomes.get(i).succeeded()).isTrue();
        assertThat(outcomes.get(i).receipt().status()).isEqualTo(201);
        assertThat(plivo.members(PHLO, NodeId.of("node-" + i)))
            .contains(Address.of("+1415555000" + i));
      }
      assertThat(outcomes.get(6).failure()).isInstanceOf(NotFoundException.class);
      assertThat(plivo.requestCount()).isEqualTo(7);
    }
  }

  static WarmTransfer transfer(NodeId node, String agent, String target) {
    return WarmTransfer.builder().phloId(PHLO).nodeId(node).triggerSource(agent).to(target).build();
  }
}
