package dev.handoff.callbacks;

import dev.handoff.model.CallUuid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What Plivo sends to a call's URLs: the answer URL ({@code Event=StartApp}), a transfer URL
 * ({@code Event=Transfer}: "the call was transferred using the Transfer API"), a redirect ({@code
 * Redirect}), machine detection ({@code MachineDetection}) or the hang-up URL (with {@link
 * #hangup()}). Values are kept as Plivo wrote them; a parameter sent empty reads as null.
 *
 * @param event {@code Event}: {@code Transfer}, {@code StartApp}, {@code Redirect}, ...; null if
 *     absent
 * @param callUuid {@code CallUUID}: the leg this request is about
 * @param from {@code From}: the caller, a number or SIP URI
 * @param to {@code To}: the called party
 * @param forwardedFrom {@code ForwardedFrom}
 * @param callStatus {@code CallStatus}: {@code ringing}, {@code in-progress}, {@code completed},
 *     ...
 * @param direction {@code Direction}: {@code inbound} or {@code outbound}
 * @param aLegUuid {@code ALegUUID}: the A leg of the call
 * @param aLegRequestUuid {@code ALegRequestUUID}
 * @param hangup the hang-up parameters, when {@code HangupCause} is present
 * @param others every other parameter (as {@link Callback#others()})
 */
public record CallEvent(
    @Nullable String event,
    CallUuid callUuid,
    @Nullable String from,
    @Nullable String to,
    @Nullable String forwardedFrom,
    @Nullable String callStatus,
    @Nullable String direction,
    @Nullable CallUuid aLegUuid,
    @Nullable String aLegRequestUuid,
    @Nullable Hangup hangup,
    Map<String, List<String>> others)
    implements Callback {
  /** {@code Event=Transfer}. */
  public static final String TRANSFER = "Transfer";

  /**
   * @throws NullPointerException if {@code callUuid} or {@code others} is null
   */
  public CallEvent {
    Objects.requireNonNull(callUuid, "callUuid");
    others = Parameters.copy(others);
  }

  static CallEvent from(Parameters p) {
    String cause = p.optional("HangupCause");
    Duration duration = p.optionalSeconds("Duration");
    Duration billDuration = p.optionalSeconds("BillDuration");
    return new CallEvent(
        p.optional("Event"),
        p.requiredUuid("CallUUID"),
        p.optional("From"),
        p.optional("To"),
        p.optional("ForwardedFrom"),
        p.optional("CallStatus"),
        p.optional("Direction"),
        p.optionalUuid("ALegUUID"),
        p.optional("ALegRequestUUID"),
        cause == null ? null : new Hangup(cause, duration, billDuration),
        p.others());
  }

  /** Whether this is the request Plivo makes to a transfer URL ({@code Event=Transfer}). */
  public boolean isTransfer() {
    return TRANSFER.equals(event);
  }

  /** {@code CallUUID} or {@code ALegUUID} is {@code call}. */
  @Override
  public boolean concerns(CallUuid call) {
    Objects.requireNonNull(call, "call");
    return callUuid.equals(call) || call.equals(aLegUuid);
  }

  /**
   * The parameters of a hang-up.
   *
   * @param cause {@code HangupCause}, for example {@code NORMAL_CLEARING}
   * @param duration {@code Duration}: how long the call lasted, whole seconds; null if absent
   * @param billDuration {@code BillDuration}: the billed duration, whole seconds; null if absent
   */
  public record Hangup(String cause, @Nullable Duration duration, @Nullable Duration billDuration) {
    /**
     * @throws NullPointerException if {@code cause} is null
     */
    public Hangup {
      Objects.requireNonNull(cause, "cause");
    }
  }
}
