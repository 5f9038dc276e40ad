package dev.handoff.callbacks;

import dev.handoff.model.CallUuid;
import java.util.List;
import java.util.Map;

/**
 * A request Plivo made to the application, parsed: a call's ({@link CallEvent}: answer, transfer,
 * redirect or hang-up URL), a Voice API multi-party call's status event ({@link
 * MultiPartyCallEvent}) or a PHLO multi-party call's event ({@link PhloConferenceEvent}). Each
 * keeps the parameters it does not name in {@link #others()}. Plivo's callbacks carry no {@code
 * api_id}: {@link #concerns(CallUuid)} matches one to the transfer that caused it by call UUID.
 * Implementations are immutable and thread-safe records.
 *
 * <p>Parameter names and values follow Plivo's "Call status and parameters", "Multi-party call
 * status callbacks" and PHLO documents (see {@code docs/callbacks.md}). Parse only what {@link
 * SignatureVerifier} found genuine.
 */
public sealed interface Callback permits CallEvent, MultiPartyCallEvent, PhloConferenceEvent {
  /**
   * The parameters this type does not name, each with its values, in the order received. Immutable.
   */
  Map<String, List<String>> others();

  /**
   * Whether this callback is about the call {@code call}: the leg a transfer request named, or its
   * A leg (a B-leg callback names its A leg in {@code ALegUUID}).
   *
   * @throws NullPointerException if {@code call} is null
   */
  boolean concerns(CallUuid call);

  /**
   * Parses {@code request}'s {@linkplain CallbackRequest#parameters() parameters}.
   *
   * @throws IllegalArgumentException as {@link #parse(List)}, or if they are not form-encoded
   * @throws NullPointerException if {@code request} is null
   */
  static Callback parse(CallbackRequest request) {
    return parse(request.parameters());
  }

  /**
   * Parses decoded parameters: a multi-party call status event when {@code EventName} is present, a
   * PHLO event when {@code call_uuid} or {@code conference_uuid} is, else a call event (which needs
   * {@code CallUUID}).
   *
   * @param parameters name-value pairs in the order received, repeated names kept
   * @throws IllegalArgumentException naming the parameter: a required one missing, one Handoff
   *     reads given twice, a UUID or a number of seconds malformed
   * @throws NullPointerException if {@code parameters}, a name or a value is null
   */
  static Callback parse(List<Map.Entry<String, String>> parameters) {
    Parameters p = new Parameters(parameters);
    if (p.has("EventName")) {
      return MultiPartyCallEvent.from(p);
    }
    if (p.has("call_uuid") || p.has("conference_uuid")) {
      return PhloConferenceEvent.from(p);
    }
    if (p.has("CallUUID")) {
      return CallEvent.from(p);
    }
    throw new IllegalArgumentException(
        "the callback names no call: it has none of CallUUID, EventName, call_uuid and"
            + " conference_uuid");
  }
}
