package dev.handoff.callbacks;

import dev.handoff.model.CallUuid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event a PHLO multi-party call reports to a callback URL configured in the PHLO console ({@code
 * ConferenceEnter}, {@code ConferenceExit}, {@code Redirect}, ...). Plivo documents the lower-case
 * parameters below but no transfer-specific event; the event's name is read from {@code event} (or
 * {@code Event}), which Plivo's PHLO pages do not pin down. A parameter sent empty reads as null.
 *
 * @param event {@code event} or {@code Event}; null if neither is present
 * @param callUuid {@code call_uuid}
 * @param conferenceUuid {@code conference_uuid}
 * @param memberId {@code member_id}
 * @param callStatus {@code call_status}
 * @param others every other parameter (as {@link Callback#others()})
 */
public record PhloConferenceEvent(
    @Nullable String event,
    @Nullable CallUuid callUuid,
    @Nullable String conferenceUuid,
    @Nullable String memberId,
    @Nullable String callStatus,
    Map<String, List<String>> others)
    implements Callback {
  /**
   * @throws NullPointerException if {@code others} is null
   */
  public PhloConferenceEvent {
    others = Parameters.copy(others);
  }

  static PhloConferenceEvent from(Parameters p) {
    String event = p.optional("event");
    String capitalised = p.optional("Event");
    return new PhloConferenceEvent(
        event != null ? event : capitalised,
        p.optionalUuid("call_uuid"),
        p.optional("conference_uuid"),
        p.optional("member_id"),
        p.optional("call_status"),
        p.others());
  }

  /** {@code call_uuid} is {@code call}. */
  @Override
  public boolean concerns(CallUuid call) {
    return Objects.requireNonNull(call, "call").equals(callUuid);
  }
}
