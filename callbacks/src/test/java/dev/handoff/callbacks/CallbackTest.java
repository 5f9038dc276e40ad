package dev.handoff.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.model.CallUuid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackTest {
  private static final CallUuid A = CallUuid.of("3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36");
  private static final CallUuid B = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");

  @Test
  void aTransferCallbackIsTypedKeepsUnknownParametersAndMatchesItsCall() {
    CallbackRequest request =
        CallbackRequest.builder("POST", "/hold.xml")
            .formBody(
                "Event=Transfer&CallUUID="
                    + B
                    + "&ALegUUID="
                    + A
                    + "&From=%2B14152223333&To=sip%3Aagent%40phone.plivo.com&CallStatus=in-progress"
                    + "&Direction=outbound&ALegRequestUUID="
                    + A
                    + "&ForwardedFrom=&BillRate=0.002&X-PH-Queue=7&X-PH-Queue=8")
            .build();
    Callback callback = Callback.parse(request);
    assertThat(callback).isInstanceOf(CallEvent.class);
    CallEvent event = (CallEvent) callback;
    assertThat(event.isTransfer()).isTrue();
    assertThat(event.callUuid()).isEqualTo(B);
    assertThat(event.aLegUuid()).isEqualTo(A);
    assertThat(event.from()).isEqualTo("+14152223333");
    assertThat(event.to()).isEqualTo("sip:agent@phone.plivo.com");
    assertThat(event.forwardedFrom()).isNull();
    assertThat(event.hangup()).isNull();
    assertThat(event.others())
        .containsExactly(
            Map.entry("BillRate", List.of("0.002")), Map.entry("X-PH-Queue", List.of("7", "8")));
    assertThat(event.concerns(A)).isTrue();
    assertThat(event.concerns(B)).isTrue();
    assertThat(event.concerns(CallUuid.of("00000000-0000-0000-0000-000000000000"))).isFalse();
    assertThatThrownBy(() -> event.others().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void hangupParametersAreTyped() {
    CallEvent event =
        (CallEvent)
            Callback.parse(
                CallbackRequest.builder(
                        "GET",
                        "https://h/hangup?CallUUID="
                            + A
                            + "&HangupCause=NORMAL_CLEARING&Duration=62&BillDuration=60&CallStatus=completed")
                    .build());
    assertThat(event.hangup())
        .isEqualTo(
            new CallEvent.Hangup(
                "NORMAL_CLEARING", Duration.ofSeconds(62), Duration.ofSeconds(60)));
    assertThat(event.isTransfer()).isFalse();
  }

  @Test
  void multiPartyCallAndPhloEventsAreTyped() {
    Callback mpc =
        Callback.parse(
            List.of(
                Map.entry("EventName", "ParticipantJoin"),
                Map.entry("EventTimestamp", "2024-01-01 10:00:00"),
                Map.entry("MPCUUID", "mpc-1"),
                Map.entry("MPCName", "queue-7"),
                Map.entry("MemberID", "12"),
                Map.entry("ParticipantRole", "Agent"),
                Map.entry("ParticipantCallUUID", A.value()),
                Map.entry("Extra", "x")));
    assertThat(mpc)
        .isEqualTo(
            new MultiPartyCallEvent(
                "ParticipantJoin",
                "2024-01-01 10:00:00",
                "mpc-1",
                "queue-7",
                "12",
                "Agent",
                A,
                Map.of("Extra", List.of("x"))));
    assertThat(mpc.concerns(A)).isTrue();
    Callback phlo =
        Callback.parse(
            List.of(
                Map.entry("event", "ConferenceEnter"),
                Map.entry("call_uuid", B.value()),
                Map.entry("conference_uuid", "c-1"),
                Map.entry("member_id", "3"),
                Map.entry("call_status", "in-progress")));
    assertThat(phlo)
        .isEqualTo(
            new PhloConferenceEvent("ConferenceEnter", B, "c-1", "3", "in-progress", Map.of()));
    assertThat(phlo.concerns(B)).isTrue();
  }

  @Test
  void malformedCallbacksNameTheParameter() {
    assertThatThrownBy(() -> Callback.parse(List.of(Map.entry("From", "1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CallUUID");
    assertThatThrownBy(() -> Callback.parse(List.of(Map.entry("CallUUID", "nope"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CallUUID must be a UUID");
    assertThatThrownBy(
            () ->
                Callback.parse(
                    List.of(Map.entry("CallUUID", A.value()), Map.entry("CallUUID", B.value()))))
        .hasMessage("CallUUID must appear once, appeared 2");
    assertThatThrownBy(
            () ->
                Callback.parse(
                    List.of(
                        Map.entry("CallUUID", A.value()),
                        Map.entry("HangupCause", "X"),
                        Map.entry("Duration", "-1"))))
        .hasMessage("Duration must be a whole number of seconds, 0 or more");
    assertThatThrownBy(
            () -> Callback.parse(CallbackRequest.builder("POST", "/x").formBody("a=%z").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
