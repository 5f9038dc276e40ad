package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Receipt;
import dev.handoff.model.Role;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.junit5.HandoffTest;
import org.junit.jupiter.api.Test;

/**
 * The JUnit 5 side of the testkit (handoff-testkit-junit5), resolved through the BOM as a user's
 * build resolves it: {@code @HandoffTest} injects a fresh in-memory fake and a Handoff wired to it.
 */
@HandoffTest
class HandoffTestSmokeTest {
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  static final Address AGENT = Address.of("+14152223333");
  static final Address CUSTOMER = Address.of("+14155550100");
  static final Address SUPERVISOR = Address.of("+14152225555");

  @Test
  void warmTransferThroughTheInjectedFake(Handoff handoff, CallModel model, FakeCallControl plivo) {
    model.node(PHLO, NODE).member(AGENT, Role.AGENT).member(CUSTOMER, Role.CUSTOMER);
    WarmTransfer consult =
        WarmTransfer.builder().phloId(PHLO).nodeId(NODE).triggerSource(AGENT).to(SUPERVISOR).build();

    Receipt receipt = handoff.warmTransfer(consult);

    assertThat(receipt.status()).isEqualTo(201);
    plivo.assertSent(consult);
    assertThat(model.hears(PHLO, NODE, AGENT)).containsExactly(SUPERVISOR);
    assertThat(model.hears(PHLO, NODE, CUSTOMER)).isEmpty(); // on hold while the agent consults
  }
}
