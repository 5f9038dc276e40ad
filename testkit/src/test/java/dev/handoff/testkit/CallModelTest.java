package dev.handoff.testkit;

import static dev.handoff.model.MemberActionType.ABORT_TRANSFER;
import static dev.handoff.model.MemberActionType.HANGUP;
import static dev.handoff.model.MemberActionType.HOLD;
import static dev.handoff.model.MemberActionType.MUTE;
import static dev.handoff.model.MemberActionType.RESUME_CALL;
import static dev.handoff.model.MemberActionType.UNHOLD;
import static dev.handoff.model.MemberActionType.UNMUTE;
import static dev.handoff.model.MemberActionType.VOICEMAIL_DROP;
import static dev.handoff.testkit.MemberState.GONE;
import static dev.handoff.testkit.MemberState.IN_CALL;
import static dev.handoff.testkit.MemberState.IN_CONSULTATION;
import static dev.handoff.testkit.MemberState.ON_HOLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.PlivoResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallModelTest {
  private static final String AUTH_ID = "MAABCDEFGHIJ12345678";
  private static final PhloId PHLO = PhloId.of("phlo-1");
  private static final NodeId NODE = NodeId.of("mpc-1");
  private static final Address U1 = Address.of("+14152223333"); // initiator, agent
  private static final Address U2 = Address.of("+14155550100"); // the other member, customer
  private static final Address U3 = Address.of("+14152225555"); // the target
  private static final Address U4 = Address.of("sip:agent4@phone.plivo.com");
  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");

  private CallModel model;

  @BeforeEach
  void seed() {
    model = CallModel.create(AUTH_ID);
    model.node(PHLO, NODE).member(U1, Role.AGENT).member(U2, Role.CUSTOMER);
  }

  // ------------------------------------------------------------ helpers

  private PlivoResponse apply(PlivoRequest request) {
    return model.apply(request, AUTH_ID);
  }

  private PlivoResponse act(Address member, MemberActionType type) {
    return apply(new MemberAction(PHLO, NODE, member, type));
  }

  private PlivoResponse warmTransfer() {
    return apply(new WarmTransfer(PHLO, NODE, U1, U3));
  }

  private MemberState state(Address member) {
    return model.member(PHLO, NODE, member).state();
  }

  private Set<Address> hears(Address member) {
    return model.hears(PHLO, NODE, member);
  }

  private String describe() {
    return model.describe(PHLO, NODE);
  }

  private static void assertAccepted(PlivoResponse answer) {
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.fields()).containsOnlyKeys("api_id", "error");
    assertThat(answer.field("api_id")).matches(UUID_PATTERN);
    assertThat(answer.field("error")).isEmpty();
    assertThat(answer.retryAfter()).isNull();
    assertThat(answer.nonJsonBody()).isNull();
  }

  private static void assertRefused(PlivoResponse answer, String error) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.fields()).containsOnlyKeys("api_id", "error");
    assertThat(answer.field("api_id")).matches(UUID_PATTERN);
    assertThat(answer.field("error")).isEqualTo(error);
  }

  private static void assertNotFound(PlivoResponse answer) {
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isNull();
  }

  /** Asserts the refusal, and that it changed nothing. */
  private void assertRefusedUnchanged(PlivoRequest request, String error) {
    List<Member> before = model.members(PHLO, NODE);
    String description = describe();
    assertRefused(apply(request), error);
    assertThat(model.members(PHLO, NODE)).isEqualTo(before);
    assertThat(describe()).isEqualTo(description);
  }

  private void inWarmTransfer() {
    assertAccepted(warmTransfer());
  }

  // ------------------------------------------------------------ seeding

  @Nested
  class Seeding {
    @Test
    void seededMembersAreInTheCallAndHearEachOther() {
      assertThat(model.members(PHLO, NODE))
          .containsExactly(
              new Member(U1, Role.AGENT, IN_CALL, null, false, false),
              new Member(U2, Role.CUSTOMER, IN_CALL, null, false, false));
      assertThat(hears(U1)).containsExactly(U2);
      assertThat(hears(U2)).containsExactly(U1);
      assertThat(describe()).isEqualTo("+14152223333 ⇄ +14155550100");
    }

    @Test
    void stringConveniencesAndDefaultRole() {
      CallModel m = CallModel.create();
      m.node("p", "n").member("+14152223333").member("sip:bob@example.com", Role.CUSTOMER);
      m.node("p", "n").member(U3).model().call("55309cee-821d-11e4-9a73-498d468c930b");
      assertThat(m.members(PhloId.of("p"), NodeId.of("n")))
          .extracting(Member::address, Member::role)
          .containsExactly(
              tuple(U1, Role.AGENT),
              tuple(Address.of("sip:bob@example.com"), Role.CUSTOMER),
              tuple(U3, Role.AGENT));
      assertThat(m.legs(CALL)).isEqualTo(new CallLegs(null, null, 0, false));
    }

    @Test
    void seedingAPresentMemberTwiceIsAMistake() {
      assertThatThrownBy(() -> model.node(PHLO, NODE).member(U1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("+14152223333");
    }

    @Test
    void inspectingWhatWasNeverDeclaredIsAMistake() {
      assertThatThrownBy(() -> model.members(PHLO, NodeId.of("other")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other");
      assertThatThrownBy(() -> model.hears(PHLO, NODE, U3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("+14152225555");
      assertThatThrownBy(() -> model.legs(CALL))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(CALL.value());
      assertThatThrownBy(() -> CallModel.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memberSnapshotsAreConsistent() {
      assertThatThrownBy(() -> new Member(U1, Role.AGENT, IN_CALL, U3, false, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("consultingWith");
      assertThatThrownBy(() -> new Member(U1, Role.AGENT, IN_CONSULTATION, null, false, false))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new CallLegs(null, null, -1, false))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ------------------------------------------------------------ call (add member)

  @Nested
  class AddMemberAction {
    @Test
    void targetJoinsInCallWithItsRole() {
      assertAccepted(apply(new AddMember(PHLO, NODE, U1, U3, Role.CUSTOMER)));

      assertThat(model.member(PHLO, NODE, U3))
          .isEqualTo(new Member(U3, Role.CUSTOMER, IN_CALL, null, false, false));
      assertThat(hears(U1)).containsExactly(U2, U3);
      assertThat(hears(U2)).containsExactly(U1, U3);
      assertThat(hears(U3)).containsExactly(U1, U2);
      assertThat(describe()).isEqualTo("+14152223333 ⇄ +14155550100 ⇄ +14152225555");
    }

    @Test
    void triggerSourceMustBeInTheCall() {
      assertRefusedUnchanged(
          new AddMember(PHLO, NODE, U4, U3), "Invalid value provided for trigger_source.");
    }

    @Test
    void triggerSourceThatLeftIsNotInTheCall() {
      assertAccepted(act(U2, HANGUP));
      assertRefusedUnchanged(
          new AddMember(PHLO, NODE, U2, U3), "Invalid value provided for trigger_source.");
    }

    @Test
    void targetAlreadyInTheCallIsRefused() {
      assertRefusedUnchanged(
          new AddMember(PHLO, NODE, U1, U2), "Member +14155550100 is already in the call.");
    }

    @Test
    void triggerSourceOnHoldIsRefused() {
      assertAccepted(act(U2, HOLD));
      assertRefusedUnchanged(new AddMember(PHLO, NODE, U2, U3), "Member +14155550100 is on hold.");
    }

    @Test
    void memberWhoLeftCanBeCalledBackAfresh() {
      assertAccepted(act(U2, MUTE));
      assertAccepted(act(U2, VOICEMAIL_DROP));

      assertAccepted(apply(new AddMember(PHLO, NODE, U1, U2, Role.CUSTOMER)));

      assertThat(model.member(PHLO, NODE, U2))
          .isEqualTo(new Member(U2, Role.CUSTOMER, IN_CALL, null, false, false));
      assertThat(hears(U1)).containsExactly(U2);
    }
  }

  // ------------------------------------------------------------ warm transfer

  @Nested
  class WarmTransferAction {
    @Test
    void initiatorAndTargetConsultWhileTheOthersWaitOnHold() {
      assertAccepted(warmTransfer());

      assertThat(model.members(PHLO, NODE))
          .containsExactly(
              new Member(U1, Role.AGENT, IN_CONSULTATION, U3, false, false),
              new Member(U2, Role.CUSTOMER, ON_HOLD, null, false, false),
              new Member(U3, Role.AGENT, IN_CONSULTATION, U1, false, false));
      assertThat(hears(U1)).containsExactly(U3);
      assertThat(hears(U3)).containsExactly(U1);
      assertThat(hears(U2)).isEmpty();
      assertThat(describe()).isEqualTo("+14152223333 ⇄ +14152225555 private; +14155550100 on hold");
    }

    @Test
    void initiatorHangingUpCompletesTheTransfer() {
      inWarmTransfer();

      assertAccepted(act(U1, HANGUP));

      assertThat(state(U1)).isEqualTo(GONE);
      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(state(U3)).isEqualTo(IN_CALL);
      assertThat(model.member(PHLO, NODE, U3).consultingWith()).isNull();
      assertThat(hears(U2)).containsExactly(U3);
      assertThat(hears(U3)).containsExactly(U2);
      assertThat(hears(U1)).isEmpty();
      assertThat(describe()).isEqualTo("+14155550100 ⇄ +14152225555; +14152223333 left");
      // The transfer is over: nothing left to abort.
      assertNotFound(act(U1, ABORT_TRANSFER));
      assertRefused(act(U3, ABORT_TRANSFER), "No transfer in progress for +14152225555.");
    }

    @Test
    void initiatorAbortingSendsTheTargetAwayAndTakesBackTheWaitingMember() {
      inWarmTransfer();

      assertAccepted(act(U1, ABORT_TRANSFER));

      assertThat(state(U1)).isEqualTo(IN_CALL);
      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(state(U3)).isEqualTo(GONE);
      assertThat(model.member(PHLO, NODE, U3).voicemailDropped()).isFalse();
      assertThat(hears(U1)).containsExactly(U2);
      assertThat(hears(U2)).containsExactly(U1);
      assertThat(hears(U3)).isEmpty();
      assertThat(describe()).isEqualTo("+14152223333 ⇄ +14155550100; +14152225555 left");
      assertRefused(act(U1, ABORT_TRANSFER), "No transfer in progress for +14152223333.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14152223333", "+14152225555"})
    void consultationPartnerResumingMakesAThreeWayCall(String partner) {
      inWarmTransfer();

      assertAccepted(act(Address.of(partner), RESUME_CALL));

      assertThat(model.members(PHLO, NODE))
          .extracting(Member::state)
          .containsExactly(IN_CALL, IN_CALL, IN_CALL);
      assertThat(model.members(PHLO, NODE)).extracting(Member::consultingWith).containsOnlyNulls();
      assertThat(hears(U1)).containsExactly(U2, U3);
      assertThat(hears(U2)).containsExactly(U1, U3);
      assertThat(hears(U3)).containsExactly(U1, U2);
      // The transfer ended with the consultation: U1 hanging up now only takes U1 away.
      assertRefused(act(U1, ABORT_TRANSFER), "No transfer in progress for +14152223333.");
      assertAccepted(act(U1, HANGUP));
      assertThat(hears(U2)).containsExactly(U3);
    }

    @Test
    void waitingMemberResumingIsBackInTheCallAloneUntilTheTransferCompletes() {
      inWarmTransfer();

      assertAccepted(act(U2, RESUME_CALL));

      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(state(U1)).isEqualTo(IN_CONSULTATION);
      assertThat(state(U3)).isEqualTo(IN_CONSULTATION);
      assertThat(hears(U2)).isEmpty();
      assertThat(hears(U1)).containsExactly(U3);
      assertThat(describe()).isEqualTo("+14155550100 alone; +14152223333 ⇄ +14152225555 private");

      assertAccepted(act(U1, HANGUP));
      assertThat(hears(U2)).containsExactly(U3);
      assertThat(hears(U3)).containsExactly(U2);
    }

    @Test
    void waitingMemberHeldAgainStaysHeldWhenTheTransferCompletes() {
      inWarmTransfer();
      assertAccepted(act(U2, UNHOLD));
      assertAccepted(act(U2, HOLD));

      assertAccepted(act(U1, HANGUP));

      assertThat(state(U2)).isEqualTo(ON_HOLD);
      assertThat(state(U3)).isEqualTo(IN_CALL);
      assertThat(hears(U3)).isEmpty();
      assertThat(hears(U2)).isEmpty();
    }

    @Test
    void memberHeldBeforeTheTransferWaitsForIt() {
      assertAccepted(act(U2, HOLD));
      inWarmTransfer();
      assertThat(state(U2)).isEqualTo(ON_HOLD);

      assertAccepted(act(U1, HANGUP));

      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(hears(U2)).containsExactly(U3);
    }

    @Test
    void everyOtherMemberWaits() {
      model.node(PHLO, NODE).member(U4, Role.CUSTOMER);
      inWarmTransfer();

      assertThat(state(U2)).isEqualTo(ON_HOLD);
      assertThat(state(U4)).isEqualTo(ON_HOLD);
      assertThat(hears(U2)).isEmpty();
      assertThat(hears(U4)).isEmpty();

      assertAccepted(act(U1, HANGUP));
      assertThat(hears(U3)).containsExactly(U2, U4);
      assertThat(hears(U4)).containsExactly(U2, U3);
    }

    @Test
    void targetHangingUpEndsTheTransferAsIfAborted() {
      inWarmTransfer();

      assertAccepted(act(U3, HANGUP));

      assertThat(state(U3)).isEqualTo(GONE);
      assertThat(state(U1)).isEqualTo(IN_CALL);
      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(hears(U1)).containsExactly(U2);
      assertRefused(act(U1, ABORT_TRANSFER), "No transfer in progress for +14152223333.");
    }

    @Test
    void voicemailDropToTheTargetEndsTheTransferAsIfAborted() {
      inWarmTransfer();

      assertAccepted(act(U3, VOICEMAIL_DROP));

      assertThat(model.member(PHLO, NODE, U3))
          .isEqualTo(new Member(U3, Role.AGENT, GONE, null, false, true));
      assertThat(hears(U1)).containsExactly(U2);
      assertThat(describe())
          .isEqualTo("+14152223333 ⇄ +14155550100; +14152225555 left (voicemail dropped)");
    }

    @Test
    void waitingMemberHangingUpLeavesTheTargetAloneAtCompletion() {
      inWarmTransfer();
      assertAccepted(act(U2, HANGUP));
      assertThat(hears(U1)).containsExactly(U3);

      assertAccepted(act(U1, HANGUP));

      assertThat(state(U3)).isEqualTo(IN_CALL);
      assertThat(hears(U3)).isEmpty();
      assertThat(describe()).isEqualTo("+14152225555 alone; +14152223333 left; +14155550100 left");
    }

    @Test
    void anotherTransferWhileOneIsInProgressIsRefused() {
      inWarmTransfer();
      String error = "A transfer is already in progress for +14152223333.";

      assertRefusedUnchanged(new WarmTransfer(PHLO, NODE, U1, U4), error);
      assertRefusedUnchanged(new WarmTransfer(PHLO, NODE, U3, U4), error);
      assertRefusedUnchanged(new ColdTransfer(PHLO, NODE, U1, U4), error);
      assertRefusedUnchanged(new AddMember(PHLO, NODE, U3, U4), error);
      // even by a waiting member who came back to the call
      assertAccepted(act(U2, UNHOLD));
      assertRefusedUnchanged(new WarmTransfer(PHLO, NODE, U2, U4), error);
    }

    @Test
    void abortWithoutATransferInProgressIsRefused() {
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U1, ABORT_TRANSFER),
          "No transfer in progress for +14152223333.");
    }

    @Test
    void abortByAMemberOtherThanTheInitiatorIsRefused() {
      inWarmTransfer();
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U3, ABORT_TRANSFER),
          "No transfer in progress for +14152225555.");
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, ABORT_TRANSFER),
          "No transfer in progress for +14155550100.");
    }

    @Test
    void holdDuringTheConsultationIsRefused() {
      inWarmTransfer();
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U1, HOLD),
          "Member +14152223333 is in a private consultation.");
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U3, UNHOLD), "Member +14152225555 is not on hold.");
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, HOLD), "Member +14155550100 is already on hold.");
    }

    @Test
    void mutedPartnerIsNotHeardInTheConsultation() {
      inWarmTransfer();

      assertAccepted(act(U3, MUTE));

      assertThat(hears(U1)).isEmpty();
      assertThat(hears(U3)).containsExactly(U1);
      assertThat(describe())
          .isEqualTo("+14152223333 ⇄ +14152225555 (muted) private; +14155550100 on hold");
    }
  }

  // ------------------------------------------------------------ cold transfer

  @Nested
  class ColdTransferAction {
    @Test
    void targetJoinsAndInitiatorLeaves() {
      assertAccepted(apply(new ColdTransfer(PHLO, NODE, U1, U3, Role.AGENT)));

      assertThat(model.members(PHLO, NODE))
          .containsExactly(
              new Member(U1, Role.AGENT, GONE, null, false, false),
              new Member(U2, Role.CUSTOMER, IN_CALL, null, false, false),
              new Member(U3, Role.AGENT, IN_CALL, null, false, false));
      assertThat(hears(U2)).containsExactly(U3);
      assertThat(hears(U3)).containsExactly(U2);
      assertThat(hears(U1)).isEmpty();
      assertThat(describe()).isEqualTo("+14155550100 ⇄ +14152225555; +14152223333 left");
      assertNotFound(act(U1, HANGUP));
    }

    @Test
    void heldMemberIsConnectedToTheTarget() {
      assertAccepted(act(U2, HOLD));

      assertAccepted(apply(new ColdTransfer(PHLO, NODE, U1, U3)));

      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(hears(U2)).containsExactly(U3);
    }

    @Test
    void refusalsLikeEveryNodeAction() {
      assertRefusedUnchanged(
          new ColdTransfer(PHLO, NODE, U4, U3), "Invalid value provided for trigger_source.");
      assertRefusedUnchanged(
          new ColdTransfer(PHLO, NODE, U1, U2), "Member +14155550100 is already in the call.");
      assertAccepted(act(U1, HOLD));
      assertRefusedUnchanged(
          new ColdTransfer(PHLO, NODE, U1, U3), "Member +14152223333 is on hold.");
    }
  }

  // ------------------------------------------------------------ member actions

  @Nested
  class MemberActions {
    @Test
    void holdSilencesTheMemberBothWays() {
      assertAccepted(act(U2, HOLD));

      assertThat(state(U2)).isEqualTo(ON_HOLD);
      assertThat(hears(U1)).isEmpty();
      assertThat(hears(U2)).isEmpty();
      assertThat(describe()).isEqualTo("+14152223333 alone; +14155550100 on hold");
    }

    @Test
    void unholdBringsTheMemberBack() {
      assertAccepted(act(U2, HOLD));

      assertAccepted(act(U2, UNHOLD));

      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(hears(U1)).containsExactly(U2);
      assertThat(hears(U2)).containsExactly(U1);
    }

    @Test
    void resumeCallByAHeldMemberBringsItBack() {
      assertAccepted(act(U2, HOLD));

      assertAccepted(act(U2, RESUME_CALL));

      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(hears(U1)).containsExactly(U2);
    }

    @Test
    void holdOnAHeldMemberIsRefused() {
      assertAccepted(act(U2, HOLD));
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, HOLD), "Member +14155550100 is already on hold.");
    }

    @Test
    void unholdOfAMemberNotOnHoldIsRefused() {
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, UNHOLD), "Member +14155550100 is not on hold.");
    }

    @Test
    void resumeCallInTheCallIsRefused() {
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, RESUME_CALL),
          "Member +14155550100 is not on hold or in a consultation.");
    }

    @Test
    void mutedMemberIsNotHeardButStillHears() {
      assertAccepted(act(U2, MUTE));

      assertThat(model.member(PHLO, NODE, U2).muted()).isTrue();
      assertThat(state(U2)).isEqualTo(IN_CALL);
      assertThat(hears(U1)).isEmpty();
      assertThat(hears(U2)).containsExactly(U1);
      assertThat(describe()).isEqualTo("+14152223333 ⇄ +14155550100 (muted)");
    }

    @Test
    void unmutedMemberIsHeardAgain() {
      assertAccepted(act(U2, MUTE));

      assertAccepted(act(U2, UNMUTE));

      assertThat(model.member(PHLO, NODE, U2).muted()).isFalse();
      assertThat(hears(U1)).containsExactly(U2);
    }

    @Test
    void muteTwiceIsRefused() {
      assertAccepted(act(U2, MUTE));
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, MUTE), "Member +14155550100 is already muted.");
    }

    @Test
    void unmuteOfAMemberNotMutedIsRefused() {
      assertRefusedUnchanged(
          new MemberAction(PHLO, NODE, U2, UNMUTE), "Member +14155550100 is not muted.");
    }

    @Test
    void muteOnHoldIsOnlyAFlag() {
      assertAccepted(act(U2, HOLD));
      assertAccepted(act(U2, MUTE));
      assertAccepted(act(U2, UNHOLD));

      assertThat(hears(U1)).isEmpty();
      assertThat(hears(U2)).containsExactly(U1);
    }

    @Test
    void hangupTakesTheMemberAway() {
      assertAccepted(act(U2, HANGUP));

      assertThat(model.member(PHLO, NODE, U2))
          .isEqualTo(new Member(U2, Role.CUSTOMER, GONE, null, false, false));
      assertThat(model.member(PHLO, NODE, U2).present()).isFalse();
      assertThat(hears(U1)).isEmpty();
      assertThat(hears(U2)).isEmpty();
      assertThat(describe()).isEqualTo("+14152223333 alone; +14155550100 left");
    }

    @Test
    void voicemailDropTakesTheMemberAwayWithTheVoicemail() {
      assertAccepted(act(U2, VOICEMAIL_DROP));

      assertThat(model.member(PHLO, NODE, U2))
          .isEqualTo(new Member(U2, Role.CUSTOMER, GONE, null, false, true));
      assertThat(hears(U1)).isEmpty();
      assertThat(describe()).isEqualTo("+14152223333 alone; +14155550100 left (voicemail dropped)");
    }

    @Test
    void heldMemberCanHangUp() {
      assertAccepted(act(U2, HOLD));
      assertAccepted(act(U2, HANGUP));
      assertThat(state(U2)).isEqualTo(GONE);
    }

    @ParameterizedTest
    @EnumSource(MemberActionType.class)
    void everyActionOnAMemberWhoLeftIs404(MemberActionType type) {
      assertAccepted(act(U2, HANGUP));
      List<Member> before = model.members(PHLO, NODE);

      assertNotFound(act(U2, type));

      assertThat(model.members(PHLO, NODE)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(MemberActionType.class)
    void everyActionOnAMemberWhoNeverJoinedIs404(MemberActionType type) {
      assertNotFound(act(U4, type));
    }
  }

  // ------------------------------------------------------------ 404s and reading a node

  @Nested
  class NodesAndReading {
    @Test
    void unknownPhloOrNodeIs404ForEveryNodeRequest() {
      PhloId otherPhlo = PhloId.of("phlo-2");
      NodeId otherNode = NodeId.of("mpc-2");
      for (PlivoRequest request :
          List.of(
              new WarmTransfer(otherPhlo, NODE, U1, U3),
              new ColdTransfer(PHLO, otherNode, U1, U3),
              new AddMember(otherPhlo, otherNode, U1, U3),
              new MemberAction(otherPhlo, NODE, U1, HOLD),
              new MemberAction(PHLO, otherNode, U1, HANGUP),
              new ReadNode(otherPhlo, NODE),
              new ReadNode(PHLO, otherNode))) {
        assertNotFound(apply(request));
      }
      assertThat(describe()).isEqualTo("+14152223333 ⇄ +14155550100");
    }

    @Test
    void readNodeAnswersLikePlivo() {
      PlivoResponse answer = apply(new ReadNode(PHLO, NODE));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.fields())
          .containsExactly(
              entry("api_id", answer.field("api_id")),
              entry("node_id", "mpc-1"),
              entry("phlo_id", "phlo-1"),
              entry("name", "Multi-Party Call"),
              entry("node_type", "multi_party_call"),
              entry("created_on", "2020-08-01 09:05:11.846982+00:00"));
      assertThat(answer.field("api_id")).matches(UUID_PATTERN);
    }

    @Test
    void readNodeReportsTheSeededNameAndTime() {
      model
          .node(PHLO, NODE)
          .name("Support line")
          .createdOn(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6_000, ZoneOffset.ofHours(2)));

      PlivoResponse answer = apply(new ReadNode(PHLO, NODE));

      assertThat(answer.field("name")).isEqualTo("Support line");
      assertThat(answer.field("created_on")).isEqualTo("2024-01-02 03:04:05.000006+02:00");
    }

    @Test
    void everyAnswerHasAFreshApiId() {
      String first = act(U2, MUTE).field("api_id");
      String second = act(U2, UNMUTE).field("api_id");
      String third = act(U2, UNMUTE).field("api_id");
      assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
    }

    @Test
    void describesAnEmptyNode() {
      model.node(PHLO, NodeId.of("empty"));
      assertThat(model.describe(PHLO, NodeId.of("empty"))).isEqualTo("nobody");
      assertThat(model.members(PHLO, NodeId.of("empty"))).isEmpty();
    }
  }

  // ------------------------------------------------------------ Voice API call transfer

  @Nested
  class CallTransfers {
    private final WebhookUrl a1 = WebhookUrl.of("https://example.com/a1.xml", UrlMethod.GET);
    private final WebhookUrl a2 = WebhookUrl.of("https://example.com/a2.xml");
    private final WebhookUrl b1 = WebhookUrl.of("https://example.com/b1.xml");

    @BeforeEach
    void liveCall() {
      model.call(CALL);
    }

    private PlivoResponse transfer(Legs legs) {
      return apply(new CallTransfer(CALL, legs));
    }

    private void assertTransferred(PlivoResponse answer) {
      assertThat(answer.status()).isEqualTo(202);
      assertThat(answer.fields()).containsOnlyKeys("message", "api_id");
      assertThat(answer.field("message")).isEqualTo("call transfered");
      assertThat(answer.field("api_id")).matches(UUID_PATTERN);
    }

    private void assertCallNotFound(PlivoResponse answer) {
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.fields()).containsOnlyKeys("api_id", "error");
      assertThat(answer.field("error")).isEqualTo("not found");
      assertThat(answer.field("api_id")).matches(UUID_PATTERN);
    }

    @Test
    void aLegMovesOnlyTheALeg() {
      assertTransferred(transfer(Legs.aLeg(a1)));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(a1, null, 1, false));
    }

    @Test
    void bLegMovesOnlyTheBLeg() {
      assertTransferred(transfer(Legs.bLeg(b1)));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(null, b1, 1, false));
    }

    @Test
    void bothMovesBothLegsAndLaterTransfersMoveOnlyTheirLeg() {
      assertTransferred(transfer(Legs.both(a1, b1)));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(a1, b1, 1, false));

      assertTransferred(transfer(Legs.aLeg(a2)));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(a2, b1, 2, false));
    }

    @Test
    void anotherAccountsAuthIdIs404AndChangesNothing() {
      assertCallNotFound(
          model.apply(new CallTransfer(CALL, Legs.aLeg(a1)), "MAZZZZZZZZZZZZZZZZZZ"));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(null, null, 0, false));
    }

    @Test
    void unknownCallIs404() {
      assertCallNotFound(
          apply(
              new CallTransfer(
                  CallUuid.of("00000000-0000-0000-0000-000000000000"), Legs.aLeg(a1))));
    }

    @Test
    void modelWithoutAnAccountAcceptsAnyAuthId() {
      CallModel anyAccount = CallModel.create().call(CALL);
      PlivoResponse answer =
          anyAccount.apply(new CallTransfer(CALL, Legs.aLeg(a1)), "SAZZZZZZZZZZZZZZZZZZ");
      assertTransferred(answer);
      assertThat(anyAccount.legs(CALL).aLegUrl()).isEqualTo(a1);
    }

    @Test
    void theCallIsHungUpAfterItsSeventiethTransfer() {
      for (int i = 1; i <= CallModel.MAX_TRANSFERS; i++) {
        WebhookUrl url = WebhookUrl.of("https://example.com/a" + i + ".xml");
        assertTransferred(transfer(Legs.aLeg(url)));
      }
      WebhookUrl seventieth = WebhookUrl.of("https://example.com/a70.xml");
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(seventieth, null, 70, false));

      // The 71st is accepted, moves nothing, and Plivo hangs the call up ("Loop detected").
      assertTransferred(transfer(Legs.both(a1, b1)));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(seventieth, null, 71, true));

      assertCallNotFound(transfer(Legs.aLeg(a1)));
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(seventieth, null, 71, true));
    }

    @Test
    void reDeclaringACallMakesItLiveAgain() {
      for (int i = 0; i <= CallModel.MAX_TRANSFERS; i++) {
        transfer(Legs.aLeg(a1));
      }
      assertThat(model.legs(CALL).ended()).isTrue();

      model.call(CALL);

      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(null, null, 0, false));
      assertTransferred(transfer(Legs.aLeg(a1)));
    }
  }

  // ------------------------------------------------------------ concurrency

  @Nested
  class Concurrency {
    private static final int THREADS = 8;
    private ExecutorService pool;

    @BeforeEach
    void startPool() {
      pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void transfersOnDistinctNodesDoNotInterfere() throws Exception {
      int nodesPerThread = 25;
      for (int t = 0; t < THREADS; t++) {
        for (int n = 0; n < nodesPerThread; n++) {
          model.node(PHLO, nodeId(t, n)).member(U1).member(U2, Role.CUSTOMER);
        }
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Integer> statuses = new ArrayList<>();
                  for (int n = 0; n < nodesPerThread; n++) {
                    NodeId node = nodeId(thread, n);
                    statuses.add(
                        model.apply(new WarmTransfer(PHLO, node, U1, U3), AUTH_ID).status());
                    statuses.add(
                        model.apply(new MemberAction(PHLO, node, U2, MUTE), AUTH_ID).status());
                    statuses.add(
                        model.apply(new MemberAction(PHLO, node, U1, HANGUP), AUTH_ID).status());
                    statuses.add(model.apply(new AddMember(PHLO, node, U3, U4), AUTH_ID).status());
                  }
                  return statuses;
                }));
      }
      start.countDown();
      for (Future<List<Integer>> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).hasSize(4 * nodesPerThread).containsOnly(201);
      }
      for (int t = 0; t < THREADS; t++) {
        for (int n = 0; n < nodesPerThread; n++) {
          NodeId node = nodeId(t, n);
          assertThat(model.members(PHLO, node))
              .containsExactly(
                  new Member(U1, Role.AGENT, GONE, null, false, false),
                  new Member(U2, Role.CUSTOMER, IN_CALL, null, true, false),
                  new Member(U3, Role.AGENT, IN_CALL, null, false, false),
                  new Member(U4, Role.AGENT, IN_CALL, null, false, false));
          assertThat(model.hears(PHLO, node, U3)).containsExactly(U4);
        }
      }
    }

    @Test
    void concurrentTransfersOfOneCallCountEachExactlyOnce() throws Exception {
      model.call(CALL);
      int perThread = 10; // 80 in all: 70 move a leg, the 71st ends the call, 9 find it gone
      WebhookUrl url = WebhookUrl.of("https://example.com/a.xml");
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Integer> statuses = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    statuses.add(
                        model.apply(new CallTransfer(CALL, Legs.aLeg(url)), AUTH_ID).status());
                  }
                  return statuses;
                }));
      }
      start.countDown();
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> result : results) {
        all.addAll(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(all).filteredOn(s -> s == 202).hasSize(CallModel.MAX_TRANSFERS + 1);
      assertThat(all).filteredOn(s -> s == 404).hasSize(THREADS * perThread - 71);
      assertThat(model.legs(CALL)).isEqualTo(new CallLegs(url, null, 71, true));
    }

    private NodeId nodeId(int thread, int n) {
      return NodeId.of("node-" + thread + "-" + n);
    }
  }
}
