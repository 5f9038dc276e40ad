package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestsTest {
  private static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  private static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  private static final Address U1 = Address.of("+14152223333");
  private static final Address U3 = Address.of("+14152225555");
  private static final WebhookUrl A = WebhookUrl.of("https://example.com/a.xml", UrlMethod.GET);
  private static final WebhookUrl B = WebhookUrl.of("https://example.com/b.xml");

  static Stream<Arguments> builders() {
    return Stream.of(
        Arguments.of(
            "warm_transfer",
            (Supplier<NodeActionBuilder<?>>) WarmTransfer::builder,
            NodeAction.Type.WARM_TRANSFER),
        Arguments.of(
            "cold_transfer",
            (Supplier<NodeActionBuilder<?>>) ColdTransfer::builder,
            NodeAction.Type.COLD_TRANSFER),
        Arguments.of(
            "call", (Supplier<NodeActionBuilder<?>>) AddMember::builder, NodeAction.Type.CALL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builders")
  void builderSetsEveryFieldAndDefaultsTheRoleToAgent(
      String operation, Supplier<NodeActionBuilder<?>> builder, NodeAction.Type type) {
    NodeAction action =
        builder
            .get()
            .phloId(PHLO.value())
            .nodeId(NODE.value())
            .triggerSource("+14152223333")
            .to("sip:agent1@phone.plivo.com")
            .build();
    assertThat(action.phloId()).isEqualTo(PHLO);
    assertThat(action.nodeId()).isEqualTo(NODE);
    assertThat(action.triggerSource()).isEqualTo(U1);
    assertThat(action.to()).isEqualTo(Address.of("sip:agent1@phone.plivo.com"));
    assertThat(action.role()).isEqualTo(Role.AGENT);
    assertThat(action.type()).isEqualTo(type);
    assertThat(action.operation()).isEqualTo(operation);

    NodeAction customer =
        builder
            .get()
            .phloId(PHLO)
            .nodeId(NODE)
            .triggerSource(U1)
            .to(U3)
            .role(Role.CUSTOMER)
            .build();
    assertThat(customer.role()).isEqualTo(Role.CUSTOMER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builders")
  void buildNamesTheFirstMissingField(
      String operation, Supplier<NodeActionBuilder<?>> builder, NodeAction.Type type) {
    assertThatNullPointerException()
        .isThrownBy(() -> builder.get().nodeId(NODE).triggerSource(U1).to(U3).build())
        .withMessage("phloId == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.get().phloId(PHLO).triggerSource(U1).to(U3).build())
        .withMessage("nodeId == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.get().phloId(PHLO).nodeId(NODE).to(U3).build())
        .withMessage("triggerSource == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.get().phloId(PHLO).nodeId(NODE).triggerSource(U1).build())
        .withMessage("to == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.get().role(null))
        .withMessage("role == null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builders")
  void settersValidateAtOnceNamingTheField(
      String operation, Supplier<NodeActionBuilder<?>> builder, NodeAction.Type type) {
    assertThatThrownBy(() -> builder.get().to("call me"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("to must be a phone number");
    assertThatThrownBy(() -> builder.get().triggerSource("+123456"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("triggerSource must be a phone number");
    assertThatThrownBy(() -> builder.get().phloId("../x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phloId must be");
    assertThatThrownBy(() -> builder.get().nodeId("a b"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nodeId must be");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builders")
  void toMayEqualTriggerSourceAsPlivoAllows(
      String operation, Supplier<NodeActionBuilder<?>> builder, NodeAction.Type type) {
    // Plivo documents no such rule and its SDKs' own tests send such requests (issue 14).
    NodeAction same =
        builder
            .get()
            .phloId(PHLO)
            .nodeId(NODE)
            .triggerSource("+14152225555")
            .to("+14152225555")
            .build();
    assertThat(same.to()).isEqualTo(same.triggerSource());
    assertThat(same.type()).isEqualTo(type);
  }

  @Test
  void constructorsCheckLikeTheBuilder() {
    assertThat(new WarmTransfer(PHLO, NODE, U1, U3).role()).isEqualTo(Role.AGENT);
    assertThat(new ColdTransfer(PHLO, NODE, U1, U3).role()).isEqualTo(Role.AGENT);
    assertThat(new AddMember(PHLO, NODE, U1, U3).role()).isEqualTo(Role.AGENT);
    assertThat(new ColdTransfer(PHLO, NODE, U1, U1).to()).isEqualTo(U1);
    assertThatNullPointerException()
        .isThrownBy(() -> new AddMember(PHLO, NODE, U1, U3, null))
        .withMessage("role == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new WarmTransfer(null, NODE, U1, U3))
        .withMessage("phloId == null");
  }

  @Test
  void memberActionReadNodeAndCallTransferNameNullFields() {
    assertThatNullPointerException()
        .isThrownBy(() -> new MemberAction(PHLO, NODE, null, MemberActionType.HOLD))
        .withMessage("member == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new MemberAction(PHLO, NODE, U1, null))
        .withMessage("type == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new ReadNode(PHLO, null))
        .withMessage("nodeId == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new CallTransfer(null, Legs.aLeg(A)))
        .withMessage("callUuid == null");
    assertThatNullPointerException()
        .isThrownBy(
            () -> new CallTransfer(CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"), null))
        .withMessage("legs == null");
  }

  @Test
  void operationsNameTheWireAction() {
    assertThat(new MemberAction(PHLO, NODE, U1, MemberActionType.ABORT_TRANSFER).operation())
        .isEqualTo("abort_transfer");
    assertThat(new ReadNode(PHLO, NODE).operation()).isEqualTo("read_node");
    CallTransfer transfer =
        new CallTransfer(CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"), Legs.aLeg(A));
    assertThat(transfer.operation()).isEqualTo("call_transfer");
    assertThat(transfer.callback()).isNull();
  }

  @Test
  void legsTransferHasExactlyThreeShapes() {
    Legs aLeg = Legs.aLeg(A);
    assertThat(aLeg.wireValue()).isEqualTo("aleg");
    assertThat(aLeg.aLegUrl()).isEqualTo(A);
    assertThat(aLeg.bLegUrl()).isNull();

    Legs bLeg = Legs.bLeg(B);
    assertThat(bLeg.wireValue()).isEqualTo("bleg");
    assertThat(bLeg.aLegUrl()).isNull();
    assertThat(bLeg.bLegUrl()).isEqualTo(B);

    Legs both = Legs.both(A, B);
    assertThat(both.wireValue()).isEqualTo("both");
    assertThat(both.aLegUrl()).isEqualTo(A);
    assertThat(both.bLegUrl()).isEqualTo(B);
  }

  @Test
  void legsTransferNeedsTheUrlsOfTheLegsThatMove() {
    assertThatNullPointerException()
        .isThrownBy(() -> Legs.aLeg(null))
        .withMessage("aLegUrl == null");
    assertThatNullPointerException()
        .isThrownBy(() -> Legs.bLeg(null))
        .withMessage("bLegUrl == null");
    assertThatNullPointerException()
        .isThrownBy(() -> Legs.both(A, null))
        .withMessage("bLegUrl == null");
    assertThatNullPointerException()
        .isThrownBy(() -> Legs.both(null, B))
        .withMessage("aLegUrl == null");
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202, 204, 299})
  void receiptAcceptsAny2xx(int status) {
    assertThat(new Receipt(status, "api").status()).isEqualTo(status);
    assertThat(new Receipt(status, null).apiId()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, 199, 300, 404, 500})
  void receiptRejectsAnythingElse(int status) {
    assertThatThrownBy(() -> new Receipt(status, "api"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be 2xx, was " + status);
  }

  @Test
  void deadlineExceededIsAnUnknownDeliveryTransportFailure() {
    DeadlineExceededException e =
        new DeadlineExceededException(
            new WarmTransfer(
                PhloId.of("phlo-1"),
                NodeId.of("node-1"),
                Address.of("+14152223333"),
                Address.of("+14152225555")),
            java.time.Duration.ofMillis(1500));
    assertThat(e).isInstanceOf(TransportFailureException.class);
    assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(e.timeout()).isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(e)
        .hasMessage(
            "warm transfer got no answer within its timeout of 1500 ms; the outcome is unknown:"
                + " Plivo may have performed it");
    assertThat(e.mayHaveTakenEffect()).isTrue();
    assertThat(e.isSafeToResend()).isFalse();
  }

  @Test
  void memberActionBuilderNamesEveryField() {
    MemberAction built =
        MemberAction.builder()
            .phloId(PHLO.value())
            .nodeId(NODE.value())
            .member("sip:agent1@phone.plivo.com")
            .type(MemberActionType.HOLD)
            .build();
    assertThat(built)
        .isEqualTo(
            new MemberAction(
                PHLO, NODE, Address.of("sip:agent1@phone.plivo.com"), MemberActionType.HOLD));
    assertThatNullPointerException()
        .isThrownBy(() -> MemberAction.builder().phloId(PHLO).nodeId(NODE).member(U1).build())
        .withMessage("type == null");
    assertThatThrownBy(() -> MemberAction.builder().member("not a number"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("member ");
  }

  @Test
  void operationsHaveAStableIdAndAName() {
    assertThat(new AddMember(PHLO, NODE, U1, U3).operation()).isEqualTo("call");
    assertThat(new AddMember(PHLO, NODE, U1, U3).displayName()).isEqualTo("add member (call)");
    assertThat(new WarmTransfer(PHLO, NODE, U1, U3).displayName()).isEqualTo("warm transfer");
    assertThat(new MemberAction(PHLO, NODE, U1, MemberActionType.HANGUP).displayName())
        .isEqualTo("hang up member (hangup)");
    ReadLiveCall read = new ReadLiveCall(CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"));
    assertThat(read.operation()).isEqualTo("read_live_call");
    assertThat(read.displayName()).isEqualTo("read live call");
    assertThat(read.isRead()).isTrue();
    assertThat(new ReadNode(PHLO, NODE).isRead()).isTrue();
    assertThat(new WarmTransfer(PHLO, NODE, U1, U3).isRead()).isFalse();
    assertThatNullPointerException()
        .isThrownBy(() -> new ReadLiveCall(null))
        .withMessage("callUuid == null");
  }

  @Test
  void aReceiptCopiesItsCallUuids() {
    java.util.List<String> legs = new java.util.ArrayList<>(java.util.List.of("a", "b"));
    Receipt receipt = new Receipt(202, "x", "transfer executed", legs, null);
    legs.clear();
    assertThat(receipt.callUuids()).containsExactly("a", "b");
    assertThat(new Receipt(201, "x").callUuids()).isEmpty();
    assertThatThrownBy(() -> receipt.callUuids().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
