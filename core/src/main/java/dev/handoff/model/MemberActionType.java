package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.Locale;

/** The actions Plivo defines on one member of a multi-party call, with their wire values. */
public enum MemberActionType {
  /** {@code "abort_transfer"}: the initiator cancels its warm transfer; the target leaves. */
  ABORT_TRANSFER("abort_transfer", "abort transfer"),
  /** {@code "resume_call"}: the member returns to the main call from hold or a consultation. */
  RESUME_CALL("resume_call", "resume call"),
  /** {@code "hold"}: the member is held; the others hear hold music. */
  HOLD("hold", "hold"),
  /** {@code "unhold"}: the member is back in the call. */
  UNHOLD("unhold", "unhold"),
  /** {@code "hangup"}: the member leaves; an initiator hanging up completes its warm transfer. */
  HANGUP("hangup", "hang up member (hangup)"),
  /** {@code "voicemail_drop"}: leaves the configured voicemail for the member. */
  VOICEMAIL_DROP("voicemail_drop", "voicemail drop"),
  /**
   * {@code "mute"}: the member's audio is muted. The evidence is thin: Plivo documents it for the
   * members of a conference bridge node, not of a multi-party call (see {@code docs/plivo-api.md}).
   */
  MUTE("mute", "mute"),
  /**
   * {@code "unmute"}: the member's audio is unmuted. The evidence is as thin as for {@link #MUTE}.
   */
  UNMUTE("unmute", "unmute");

  private final String wireValue;
  private final String displayName;

  MemberActionType(String wireValue, String displayName) {
    this.wireValue = wireValue;
    this.displayName = displayName;
  }

  /** The action named as a person would, for messages: {@code "hang up member (hangup)"}. */
  public String displayName() {
    return displayName;
  }

  /** The {@code action} value on the wire, for example {@code "abort_transfer"}. */
  public String wireValue() {
    return wireValue;
  }

  /**
   * Parses a wire value ({@code "abort_transfer"}) or its dashed form ({@code "abort-transfer"}),
   * ignoring case.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException naming the field {@code action} and the accepted values
   */
  public static MemberActionType parse(String value) {
    String wire = Checks.notNull(value, "action").toLowerCase(Locale.ROOT).replace('-', '_');
    for (MemberActionType type : values()) {
      if (type.wireValue.equals(wire)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "action must be one of abort-transfer, resume-call, hold, unhold, hangup, voicemail-drop,"
            + " mute, unmute; was "
            + Checks.quote(value));
  }
}
