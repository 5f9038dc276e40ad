package dev.handoff.internal;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by Handoff's value types. Not part of the API: this package is not
 * exported and may change in any release.
 */
public final class Checks {
  private static final int QUOTE_LIMIT = 80;

  private Checks() {}

  /**
   * Returns {@code value}, or throws {@link NullPointerException} with the message {@code "<field>
   * == null"}.
   */
  public static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
    return value;
  }

  /**
   * Returns {@code value} if it matches {@code pattern} in full; otherwise throws {@link
   * IllegalArgumentException} naming the field, the rule and the rejected value (quoted, control
   * characters escaped, at most 80 characters).
   */
  public static String matches(@Nullable String value, Pattern pattern, String field, String rule) {
    value = notNull(value, field);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be " + rule + ", was " + quote(value));
    }
    return value;
  }

  /**
   * Returns {@code value} if {@code valid} is true; otherwise throws {@link
   * IllegalArgumentException} naming the field, the rule and the rejected value, exactly as {@link
   * #matches} does. For validators written as character loops rather than regular expressions,
   * which run on every request without a {@code Matcher} (BENCHMARKS.md measures the difference).
   */
  public static String valid(String value, boolean valid, String field, String rule) {
    if (!valid) {
      throw new IllegalArgumentException(field + " must be " + rule + ", was " + quote(value));
    }
    return value;
  }

  /**
   * Whether {@code value} is 1 to {@code max} characters, each an ASCII letter or digit, or one of
   * the characters in {@code others}: the loop form of {@code [A-Za-z0-9<others>]{1,max}}.
   */
  public static boolean isAsciiWord(String value, int max, String others) {
    int length = value.length();
    if (length < 1 || length > max) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (!isAsciiLetterOrDigit(c) && others.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is {@code [A-Za-z0-9]}. */
  public static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isAsciiDigit(c);
  }

  /** Whether {@code c} is {@code [0-9]} (not any other Unicode digit). */
  public static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether {@code c} is {@code [0-9a-fA-F]}. */
  public static boolean isAsciiHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Quotes {@code value} for an error message: {@link #sanitize sanitised} to 80 characters and put
   * in double quotes, so a hostile value cannot forge log lines.
   */
  public static String quote(String value) {
    return '"' + sanitize(value, QUOTE_LIMIT) + '"';
  }

  /**
   * Quotes {@code uri} like {@link #quote(String)}, with its user info (a password, often) shown as
   * {@code ****}: a URL is rejected for carrying credentials, so its message must not repeat them.
   * Every shape is masked, not only a server-based authority: a registry-based one ({@code
   * https://user:pw@bad_host}, which has no host) and an opaque URI ({@code http:user:pw@host})
   * too; see {@link #maskUserInfo}.
   */
  public static String quote(URI uri) {
    return quote(maskUserInfo(uri.toString()));
  }

  /** Quotes {@code url}, text that did not even parse as a URI, like {@link #quote(URI)}. */
  public static String quoteUrl(String url) {
    return quote(maskUserInfo(url));
  }

  /**
   * {@code url} with whatever may be user info shown as {@code ****}: in the authority, which
   * starts after the scheme's {@code :} and an optional {@code //} and ends at the first {@code /},
   * {@code \}, {@code ?} or {@code #} (as the WHATWG URL parser reads it), everything up to its
   * last {@code @}. Works on the text, so that it masks alike a URI whose authority is
   * server-based, registry-based or absent (opaque), and text that is no URI at all. A scheme is
   * kept only when it is {@code http} or {@code https} (then followed by any number of slashes) or
   * {@code //} follows it: in {@code user:pw@host} the "scheme" is the user name, and in {@code
   * pw:x@host} it may be a password.
   */
  static String maskUserInfo(String url) {
    int start = 0;
    int colon = url.indexOf(':');
    if (colon > 0 && isScheme(url, colon)) {
      String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
      if (scheme.equals("http") || scheme.equals("https")) {
        // Any run of slashes, as WHATWG reads these schemes: https:////user:pw@host has user info.
        start = colon + 1;
        while (start < url.length() && (url.charAt(start) == '/' || url.charAt(start) == '\\')) {
          start++;
        }
      } else if (url.startsWith("//", colon + 1)) {
        start = colon + 3;
      }
    }
    int end = start;
    while (end < url.length() && "/\\?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = end == start ? -1 : url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    return url.substring(0, start) + "****" + url.substring(at);
  }

  /** Whether {@code url} up to {@code colon} is a scheme: a letter, then letters, digits, + - . */
  private static boolean isScheme(String url, int colon) {
    if (!isAsciiLetterOrDigit(url.charAt(0)) || isAsciiDigit(url.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = url.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Escapes control and format characters ({@code \n}, {@code \u0007}), double quotes and
   * backslashes, and keeps at most {@code limit} characters of {@code value}, marking a cut with
   * {@code ...}.
   */
  public static String sanitize(String value, int limit) {
    if (value.length() <= limit && isPlainText(value)) {
      // The common case (an api_id, an empty error): nothing to escape or cut, no copy.
      return value;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), limit) + 8);
    for (int i = 0; i < value.length(); i++) {
      if (i == limit) {
        out.append("...");
        break;
      }
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Whether {@link #sanitize} would leave every character of {@code value} as it is. */
  private static boolean isPlainText(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain =
          c >= ' ' && c <= '~'
              ? c != '"' && c != '\\'
              : !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT;
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value} holds a CR, LF or any other control character. */
  public static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
