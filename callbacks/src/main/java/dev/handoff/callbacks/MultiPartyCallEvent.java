package dev.handoff.callbacks;

import dev.handoff.model.CallUuid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Voice API multi-party call's status callback (to the {@code statusCallbackUrl} of {@link
 * PlivoXml.MultiPartyCall}). A parameter sent empty reads as null.
 *
 * @param eventName {@code EventName}: {@code MPCInitialized}, {@code MPCStart}, {@code MPCEnd},
 *     {@code ParticipantJoin}, {@code ParticipantExit}, {@code ParticipantHold}, {@code
 *     ParticipantUnhold}, {@code ParticipantMute}, {@code ParticipantUnmute}, ...
 * @param eventTimestamp {@code EventTimestamp}, as Plivo wrote it
 * @param mpcUuid {@code MPCUUID}
 * @param mpcName {@code MPCName}
 * @param memberId {@code MemberID}
 * @param participantRole {@code ParticipantRole}: {@code Agent}, {@code Customer}, {@code
 *     Supervisor}
 * @param participantCallUuid {@code ParticipantCallUUID}: the participant's call
 * @param others every other parameter (as {@link Callback#others()})
 */
public record MultiPartyCallEvent(
    String eventName,
    @Nullable String eventTimestamp,
    @Nullable String mpcUuid,
    @Nullable String mpcName,
    @Nullable String memberId,
    @Nullable String participantRole,
    @Nullable CallUuid participantCallUuid,
    Map<String, List<String>> others)
    implements Callback {
  /**
   * @throws NullPointerException if {@code eventName} or {@code others} is null
   */
  public MultiPartyCallEvent {
    Objects.requireNonNull(eventName, "eventName");
    others = Parameters.copy(others);
  }

  static MultiPartyCallEvent from(Parameters p) {
    return new MultiPartyCallEvent(
        p.required("EventName"),
        p.optional("EventTimestamp"),
        p.optional("MPCUUID"),
        p.optional("MPCName"),
        p.optional("MemberID"),
        p.optional("ParticipantRole"),
        p.optionalUuid("ParticipantCallUUID"),
        p.others());
  }

  /** {@code ParticipantCallUUID} is {@code call}. */
  @Override
  public boolean concerns(CallUuid call) {
    return Objects.requireNonNull(call, "call").equals(participantCallUuid);
  }
}
