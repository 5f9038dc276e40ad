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
 *       1-64 letters, digits or {@code . _ ~ + -}, a DNS host name or an IPv4 address (four numbers
 *       of 0-255 without leading zeros, such as {@code 10.0.0.1}; a host whose last label is a
 *       number must be one), and an optional {@code :port} of 1-65535.
 * </ul>
 *
 * <p>Nothing else is accepted: no spaces, parameters, headers, passwords or control characters. The
 * value is kept exactly as given. A rejected value is quoted in the message, a SIP password ({@code
 * sip:user:password@host}) shown as {@code ****}. Immutable and thread-safe.
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
    if (isPhoneNumber(value)) {
      return;
    }
    if (!ADDRESS.matcher(value).matches()) {
      throw rejected(value, field, RULE);
    }
    // The expression accepts the shapes; what a shape cannot say is checked here.
    String hostAndPort = value.substring(value.lastIndexOf('@') + 1);
    int colon = hostAndPort.indexOf(':');
    String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    if (colon >= 0) {
      int port = Integer.parseInt(hostAndPort.substring(colon + 1)); // 1-5 digits: fits
      if (port < 1 || port > 65535) {
        throw rejected(value, field, "a SIP URI whose port is 1-65535");
      }
    }
    if (endsInANumber(host) && !isIpv4Address(host)) {
      throw rejected(
          value,
          field,
          "a SIP URI whose numeric host is an IPv4 address (four numbers 0-255, no leading zeros)");
    }
  }

  private static IllegalArgumentException rejected(String value, String field, String rule) {
    return new IllegalArgumentException(
        field + " must be " + rule + ", was " + Checks.quote(maskSipPassword(value)));
  }

  /**
   * {@code value} with the password of a {@code sip:user:password@host} shown as {@code ****}: such
   * a value is rejected, and its message must not repeat the password.
   */
  static String maskSipPassword(String value) {
    if (!value.regionMatches(true, 0, "sip", 0, 3)) {
      return value;
    }
    int start = value.indexOf(':');
    int at = value.lastIndexOf('@');
    int colon = start < 0 || at < 0 ? -1 : value.indexOf(':', start + 1);
    return colon < 0 || colon > at
        ? value
        : value.substring(0, colon + 1) + "****" + value.substring(at);
  }

  /** Whether the last label of {@code host} is all digits: then it can only be an IPv4 address. */
  private static boolean endsInANumber(String host) {
    int dot = host.lastIndexOf('.');
    for (int i = dot + 1; i < host.length(); i++) {
      if (!Checks.isAsciiDigit(host.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code host} is four decimal numbers of 0-255, without leading zeros, and dots. */
  private static boolean isIpv4Address(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (!Checks.isAsciiDigit(part.charAt(i))) {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
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
