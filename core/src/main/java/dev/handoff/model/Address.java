package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.regex.Pattern;

/**
 * A party Plivo can call: a phone number or a SIP endpoint address.
 *
 * <ul>
 *   <li>a phone number: an optional {@code +} and 7 to 15 digits (E.164's longest), for example
 *       {@code +14152225555} or {@code 14152225555} (Plivo accepts both);
 *   <li>a SIP URI {@code sip:user@host}, for example {@code sip:agent1@phone.plivo.com}: a user of
 *       1-64 letters, digits or {@code . _ ~ + -}, a DNS host name or IPv4 address, and an optional
 *       {@code :port}.
 * </ul>
 *
 * <p>Nothing else is accepted: no spaces, parameters, headers or control characters. The value is
 * kept exactly as given. Immutable and thread-safe.
 *
 * @param value the address, as sent to Plivo in {@code to}, {@code trigger_source} or a member path
 */
public record Address(String value) {
  private static final Pattern ADDRESS =
      Pattern.compile(
          "\\+?[0-9]{7,15}"
              + "|sip:[A-Za-z0-9._~+-]{1,64}@"
              + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
              + "(?::[0-9]{1,5})?");

  private static final String RULE =
      "a phone number (optional '+' and 7-15 digits) or a SIP URI 'sip:user@host'";

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is neither a phone number nor a SIP URI
   */
  public Address {
    check(value, "address");
  }

  /** Same as {@code new Address(value)}. */
  public static Address of(String value) {
    return new Address(value);
  }

  /**
   * Checks {@code value} as the field {@code field}, so that its error names the caller's field
   * (for example {@code "to must be a phone number ..."}).
   */
  static Address of(String value, String field) {
    check(value, field);
    return new Address(value);
  }

  private static void check(String value, String field) {
    Checks.notNull(value, field);
    if (value.length() > 255) {
      throw new IllegalArgumentException(field + " must be at most 255 characters");
    }
    // The phone form, by far the most common, is checked by a loop (no Matcher garbage per
    // request); anything else goes to the full expression, which it alone can accept or reject.
    if (!isPhoneNumber(value)) {
      Checks.matches(value, ADDRESS, field, RULE);
    }
  }

  /** Whether {@code value} is {@code \+?[0-9]{7,15}}, ADDRESS's first alternative. */
  static boolean isPhoneNumber(String value) {
    int start = !value.isEmpty() && value.charAt(0) == '+' ? 1 : 0;
    int digits = value.length() - start;
    if (digits < 7 || digits > 15) {
      return false;
    }
    for (int i = start; i < value.length(); i++) {
      if (!Checks.isAsciiDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether this is a SIP URI rather than a phone number. */
  public boolean isSip() {
    return value.startsWith("sip:");
  }

  @Override
  public String toString() {
    return value;
  }
}
