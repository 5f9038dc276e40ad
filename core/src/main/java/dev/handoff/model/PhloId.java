package dev.handoff.model;

import dev.handoff.internal.Checks;

/**
 * The id of a PHLO, Plivo's visual call flow (listed on the console's PHLO page).
 *
 * <p>1 to 64 letters, digits, {@code -} or {@code _}, so that a {@code /}, {@code ..}, space or
 * control character can never reach a URL path. Immutable and thread-safe.
 *
 * @param value the id as Plivo shows it, for example {@code "4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"}
 */
public record PhloId(String value) {
  static final String ID_RULE = "1-64 letters, digits, '-' or '_'";

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} breaks the rule above
   */
  public PhloId {
    Checks.valid(Checks.notNull(value, "phloId"), isId(value), "phloId", ID_RULE);
  }

  /**
   * Whether {@code value} is {@code [A-Za-z0-9_-]{1,64}}, written as a loop: it runs for every
   * request, where a regular expression's {@code Matcher} would be garbage.
   */
  static boolean isId(String value) {
    return Checks.isAsciiWord(value, 64, "_-");
  }

  /** Same as {@code new PhloId(value)}. */
  public static PhloId of(String value) {
    return new PhloId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
