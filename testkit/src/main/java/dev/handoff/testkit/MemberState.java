package dev.handoff.testkit;

/**
 * Where a member of a fake multi-party call is, as {@link CallModel} tracks it. Who hears whom
 * follows from it: see {@link CallModel#hears}.
 */
public enum MemberState {
  /** In the main call: hears, and is heard by, every other unmuted member {@code IN_CALL}. */
  IN_CALL,
  /** Held (by {@code hold}, or while a warm transfer is in progress): hears hold music only. */
  ON_HOLD,
  /**
   * In a warm transfer's private consultation (the initiator U1 with the target U3): hears only its
   * partner, {@link Member#consultingWith()}.
   */
  IN_CONSULTATION,
  /** Left the call ({@code hangup}, {@code voicemail_drop}, a completed transfer): hears nobody. */
  GONE
}
