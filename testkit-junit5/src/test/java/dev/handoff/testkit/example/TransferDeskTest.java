package dev.handoff.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.model.Address;
import dev.handoff.model.Delivery;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Role;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.MemberState;
import dev.handoff.testkit.ScriptedResponse;
import dev.handoff.testkit.junit5.HandoffTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HandoffTest // a fresh in-memory fake Plivo and a Handoff wired to it, for each test
class TransferDeskTest {
  static final PhloId PHLO = PhloId.of("my-phlo");
  static final NodeId NODE = NodeId.of("mpc-node");
  static final Address AGENT = Address.of("+14152223333");
  static final Address CUSTOMER = Address.of("+14155550100");
  static final Address SUPERVISOR = Address.of("+14152225555");

  TransferDesk desk;

  @BeforeEach
  void setUp(Handoff handoff, CallModel model) {
    model.node(PHLO, NODE).member(AGENT, Role.AGENT).member(CUSTOMER, Role.CUSTOMER);
    desk = new TransferDesk(handoff, PHLO, NODE);
  }

  @Test
  void consultingThenCancellingBringsTheCustomerBack(CallModel model) {
    assertThat(model.hears(PHLO, NODE, CUSTOMER)).containsExactly(AGENT);

    desk.consult(AGENT, SUPERVISOR);
    assertThat(model.hears(PHLO, NODE, AGENT)).containsExactly(SUPERVISOR);
    assertThat(model.hears(PHLO, NODE, CUSTOMER)).isEmpty(); // hold music
    assertThat(model.describe(PHLO, NODE))
        .isEqualTo("+14152223333 ⇄ +14152225555 private; +14155550100 on hold");

    desk.cancel(AGENT);
    assertThat(model.hears(PHLO, NODE, CUSTOMER)).containsExactly(AGENT);
    assertThat(model.member(PHLO, NODE, SUPERVISOR).state()).isEqualTo(MemberState.GONE);
    assertThat(model.describe(PHLO, NODE))
        .isEqualTo("+14152223333 ⇄ +14155550100; +14152225555 left");
  }

  @Test
  void handingOverLeavesTheCustomerWithTheSupervisor(CallModel model, FakeCallControl plivo) {
    desk.consult(AGENT, SUPERVISOR);
    desk.handOver(AGENT);

    assertThat(model.hears(PHLO, NODE, CUSTOMER)).containsExactly(SUPERVISOR);
    assertThat(model.describe(PHLO, NODE))
        .isEqualTo("+14155550100 ⇄ +14152225555; +14152223333 left");
    plivo.assertSent(
        new WarmTransfer(PHLO, NODE, AGENT, SUPERVISOR),
        new MemberAction(PHLO, NODE, AGENT, MemberActionType.HANGUP));
  }

  @Test
  void aBrokenConnectionIsReportedAndChangesNothing(CallModel model, FakeCallControl plivo) {
    plivo.enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN));

    assertThatThrownBy(() -> desk.consult(AGENT, SUPERVISOR))
        .isInstanceOf(TransportFailureException.class);
    assertThat(model.describe(PHLO, NODE)).isEqualTo("+14152223333 ⇄ +14155550100");
  }
}
