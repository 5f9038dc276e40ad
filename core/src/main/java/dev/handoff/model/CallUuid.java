package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.regex.Pattern;

/**
 * The UUID of a live Voice API call, for example {@code "55309cee-821d-11e4-9a73-498d468c930b"} on
 * the wire: 8-4-4-4-12 hexadecimal digits. Immutable and thread-safe.
 *
 * @param value the call UUID, kept as given
 */
public record CallUuid(String value) {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a UUID
   */
  public CallUuid {
    Checks.matches(value, UUID, "callUuid", "a UUID (8-4-4-4-12 hexadecimal digits)");
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
