package dev.handoff.model;

import dev.handoff.internal.Checks;

/**
 * The UUID of a live Voice API call, for example {@code "55309cee-821d-11e4-9a73-498d468c930b"} on
 * the wire: 8-4-4-4-12 hexadecimal digits. Immutable and thread-safe.
 *
 * @param value the call UUID, kept as given
 */
public record CallUuid(String value) {
  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a UUID
   */
  public CallUuid {
    Checks.valid(
        Checks.notNull(value, "callUuid"),
        isUuid(value),
        "callUuid",
        "a UUID (8-4-4-4-12 hexadecimal digits)");
  }

  /**
   * Whether {@code value} is {@code
   * [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}, written as a loop
   * (no {@code Matcher} garbage per request).
   */
  static boolean isUuid(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !Checks.isAsciiHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  /** Same as {@code new CallUuid(value)}. */
  public static CallUuid of(String value) {
    return new CallUuid(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
