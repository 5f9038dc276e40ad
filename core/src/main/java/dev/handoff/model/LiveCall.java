package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A live Voice API call as Plivo's "Retrieve a live call" answer describes it ({@code GET
 * /v1/Account/{auth_id}/Call/{call_uuid}/?status=live}, HTTP 200). Plivo's text is kept as it came:
 * its documents name the values but do not promise the set, so none is an enum. Immutable and
 * thread-safe.
 *
 * @param callUuid the call ({@code call_uuid}); the requested UUID when the answer omits it
 * @param callStatus {@code call_status}, for example {@code "ringing"}, {@code "in-progress"}, or
 *     null when absent
 * @param direction {@code direction}: {@code "inbound"} or {@code "outbound"}, or null
 * @param from {@code from}: the caller's number or SIP address, or null
 * @param to {@code to}: the called number or SIP address, or null
 * @param callerName {@code caller_name}, or null
 * @param sessionStart {@code session_start}, Plivo's text (e.g. {@code "2022-04-14
 *     21:21:43.295584"}, UTC), or null
 * @param bLegUuid the UUID of the leg this call is bridged to (its B leg; {@code bridge_uuid} in
 *     Plivo's older answers), or null when the call is not bridged or the answer does not say.
 *     <b>Thin evidence:</b> Plivo's current document does not list this field
 * @param apiId Plivo's {@code api_id}, or null
 */
public record LiveCall(
    CallUuid callUuid,
    @Nullable String callStatus,
    @Nullable String direction,
    @Nullable String from,
    @Nullable String to,
    @Nullable String callerName,
    @Nullable String sessionStart,
    @Nullable String bLegUuid,
    @Nullable String apiId) {

  /**
   * @throws NullPointerException if {@code callUuid} is null
   */
  public LiveCall {
    Checks.notNull(callUuid, "callUuid");
  }

  /** Whether the call has a B leg, as far as the answer says ({@link #bLegUuid()} is known). */
  public boolean isBridged() {
    return bLegUuid != null;
  }
}
