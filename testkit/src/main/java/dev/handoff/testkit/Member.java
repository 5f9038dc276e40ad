package dev.handoff.testkit;

import dev.handoff.model.Address;
import dev.handoff.model.Role;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one member of a fake multi-party call, as {@link CallModel#members} reports it.
 * Immutable; later requests do not change it.
 *
 * @param address the member's phone number or SIP address
 * @param role the role it joined with
 * @param state where it is now
 * @param consultingWith its private-consultation partner while {@link MemberState#IN_CONSULTATION};
 *     null in every other state
 * @param muted whether it was muted ({@code mute}): the others do not hear it, it still hears them
 * @param voicemailDropped whether it left through {@code voicemail_drop}
 */
public record Member(
    Address address,
    Role role,
    MemberState state,
    @Nullable Address consultingWith,
    boolean muted,
    boolean voicemailDropped) {

  /**
   * @throws NullPointerException if {@code address}, {@code role} or {@code state} is null
   * @throws IllegalArgumentException if {@code consultingWith} is set outside {@link
   *     MemberState#IN_CONSULTATION}, or missing in it
   */
  public Member {
    Objects.requireNonNull(address, "address == null");
    Objects.requireNonNull(role, "role == null");
    Objects.requireNonNull(state, "state == null");
    if ((state == MemberState.IN_CONSULTATION) != (consultingWith != null)) {
      throw new IllegalArgumentException(
          "consultingWith must be set exactly when state is IN_CONSULTATION, state was " + state);
    }
  }

  /** Whether the member is still in the call in any way (not {@link MemberState#GONE}). */
  public boolean present() {
    return state != MemberState.GONE;
  }
}
