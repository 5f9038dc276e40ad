package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.Locale;

/**
 * The role of a member of a multi-party call. Plivo's default, and Handoff's, is {@link #AGENT}.
 */
public enum Role {
  /** A contact-centre agent ({@code "agent"} on the wire). */
  AGENT("agent"),
  /** A customer ({@code "customer"} on the wire). */
  CUSTOMER("customer");

  private final String wireValue;

  Role(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The value Plivo expects in the {@code role} field: {@code "agent"} or {@code "customer"}. */
  public String wireValue() {
    return wireValue;
  }

  /**
   * Parses {@code "agent"} or {@code "customer"}, ignoring case.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException naming the field {@code role} for any other value
   */
  public static Role parse(String value) {
    String lower = Checks.notNull(value, "role").toLowerCase(Locale.ROOT);
    for (Role role : values()) {
      if (role.wireValue.equals(lower)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "role must be 'agent' or 'customer', was " + Checks.quote(value));
  }
}
