package dev.handoff.jdk;

import dev.handoff.spi.Wire;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The two JSON tasks of the transport, written here because the module has no third-party
 * dependency and the JDK has no JSON API: a request body (a flat map of strings) as compact JSON,
 * and the top-level members of an answer. Both follow what the other transports' libraries do
 * (Moshi, Jackson), so that every transport sends the same bytes and reads every answer alike; the
 * contract suites hold all three to it.
 */
final class Json {
  private Json() {}

  /**
   * {@code body} as compact JSON, in the map's order, UTF-8: {@code {"k":"v","k2":"v2"}}. Escapes
   * as Moshi does: {@code "} and {@code \}, the control characters ({@code \b \f \n \r \t} short,
   * the others {@code \}{@code u00xx}), and U+2028 and U+2029; everything else as its UTF-8 bytes.
   */
  static byte[] write(Map<String, String> body) {
    StringBuilder json = new StringBuilder(2 + body.size() * 24);
    json.append('{');
    boolean first = true;
    for (Map.Entry<String, String> member : body.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      string(json, member.getKey());
      json.append(':');
      string(json, member.getValue());
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\u2028' -> json.append("\\u2028");
        case '\u2029' -> json.append("\\u2029");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * The top-level members of {@code body} when it is exactly one JSON object under Handoff's rule
   * ({@link Wire#isJsonCandidate} first, then RFC 8259's grammar, strictly: no member name twice,
   * only white space around the object), with their values as {@code String}, {@code Boolean},
   * {@code Long}/{@code BigInteger} (an integer literal) or {@code Double} (a fraction or
   * exponent), as Jackson gives them, an array as a {@code List} of its elements; nested objects
   * are skipped, {@code null} dropped. Null when the body is anything else: it is then text.
   */
  static @Nullable Map<String, Object> object(byte[] body) {
    if (!Wire.isJsonCandidate(body, 0, body.length)) {
      return null;
    }
    Reader reader = new Reader(new String(body, StandardCharsets.UTF_8));
    try {
      reader.space();
      if (!reader.peek('{')) {
        return null;
      }
      Map<String, Object> members = reader.object(true);
      reader.space();
      return reader.atEnd() ? members : null;
    } catch (NotJson e) {
      return null;
    }
  }

  /** The body breaks the grammar: it is text. Stackless, since it is a normal outcome. */
  private static final class NotJson extends Exception {
    private static final long serialVersionUID = 1L;

    NotJson() {
      super(null, null, false, false);
    }
  }

  /**
   * A strict recursive-descent reader over the decoded text. The nesting it recurses into is
   * bounded by {@link Wire#MAX_JSON_DEPTH}, which {@link Wire#isJsonCandidate} checked.
   */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return at == text.length();
    }

    boolean peek(char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    void space() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        at++;
      }
    }

    private void expect(char c) throws NotJson {
      if (!peek(c)) {
        throw new NotJson();
      }
      at++;
    }

    /**
     * An object, at its {@code '{'}; its members when {@code keep}, else null (a nested object is
     * checked, not kept).
     */
    @Nullable Map<String, Object> object(boolean keep) throws NotJson {
      expect('{');
      Map<String, Object> members = keep ? new LinkedHashMap<>() : null;
      Set<String> names = new HashSet<>();
      space();
      if (peek('}')) {
        at++;
        return members;
      }
      while (true) {
        space();
        String name = string();
        if (!names.add(name)) {
          throw new NotJson(); // a member name twice: as Moshi and Jackson (strict) refuse it
        }
        space();
        expect(':');
        space();
        Object value = value();
        if (members != null && value != null && value != SKIPPED) {
          members.put(name, value);
        }
        space();
        if (peek(',')) {
          at++;
        } else {
          expect('}');
          return members;
        }
      }
    }

    private static final Object SKIPPED = new Object();

    private @Nullable Object value() throws NotJson {
      if (atEnd()) {
        throw new NotJson();
      }
      char c = text.charAt(at);
      switch (c) {
        case '{' -> {
          object(false);
          return SKIPPED;
        }
        case '[' -> {
          return array();
        }
        case '"' -> {
          return string();
        }
        case 't' -> {
          literal("true");
          return Boolean.TRUE;
        }
        case 'f' -> {
          literal("false");
          return Boolean.FALSE;
        }
        case 'n' -> {
          literal("null");
          return null;
        }
        default -> {
          return number();
        }
      }
    }

    /**
     * An array's elements as {@link #value()} reads them (a nested object or array as a skipped
     * marker): core keeps an array only when every element is a string, as a call transfer's {@code
     * call_uuids}.
     */
    private List<@Nullable Object> array() throws NotJson {
      expect('[');
      space();
      List<@Nullable Object> elements = new ArrayList<>();
      if (peek(']')) {
        at++;
        return elements;
      }
      while (true) {
        space();
        elements.add(value());
        space();
        if (peek(',')) {
          at++;
        } else {
          expect(']');
          return elements;
        }
      }
    }

    private void literal(String word) throws NotJson {
      if (!text.startsWith(word, at)) {
        throw new NotJson();
      }
      at += word.length();
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, RFC 8259 §6. */
    private Number number() throws NotJson {
      int start = at;
      if (peek('-')) {
        at++;
      }
      if (peek('0')) {
        at++;
      } else if (!digits()) {
        throw new NotJson();
      }
      boolean integer = true;
      if (peek('.')) {
        at++;
        integer = false;
        if (!digits()) {
          throw new NotJson();
        }
      }
      if (peek('e') || peek('E')) {
        at++;
        integer = false;
        if (peek('+') || peek('-')) {
          at++;
        }
        if (!digits()) {
          throw new NotJson();
        }
      }
      String literal = text.substring(start, at);
      if (!integer) {
        return Double.parseDouble(literal);
      }
      if (literal.length() <= 18) {
        return Long.parseLong(literal);
      }
      BigInteger value = new BigInteger(literal);
      return value.bitLength() < 64 ? (Number) value.longValue() : value;
    }

    /** One or more ASCII digits; false if there is none. */
    private boolean digits() {
      int start = at;
      while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        at++;
      }
      return at > start;
    }

    private String string() throws NotJson {
      expect('"');
      StringBuilder value = null;
      int run = at;
      while (true) {
        if (atEnd()) {
          throw new NotJson();
        }
        char c = text.charAt(at);
        if (c == '"') {
          String tail = text.substring(run, at);
          at++;
          return value == null ? tail : value.append(tail).toString();
        }
        if (c < 0x20) {
          throw new NotJson();
        }
        if (c != '\\') {
          at++;
          continue;
        }
        if (value == null) {
          value = new StringBuilder();
        }
        value.append(text, run, at);
        at++;
        if (atEnd()) {
          throw new NotJson();
        }
        char escape = text.charAt(at++);
        switch (escape) {
          case '"' -> value.append('"');
          case '\\' -> value.append('\\');
          case '/' -> value.append('/');
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case 'u' -> value.append(hex4());
          default -> throw new NotJson();
        }
        run = at;
      }
    }

    private char hex4() throws NotJson {
      if (at + 4 > text.length()) {
        throw new NotJson();
      }
      int code = 0;
      for (int i = 0; i < 4; i++) {
        char c = text.charAt(at + i);
        // ASCII only: Character.digit would also take other scripts' digits.
        int digit = c < 0x80 ? Character.digit(c, 16) : -1;
        if (digit < 0) {
          throw new NotJson();
        }
        code = code * 16 + digit;
      }
      at += 4;
      return (char) code;
    }
  }
}
