package dev.handoff.spi;

import dev.handoff.internal.Checks;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Plivo's response to one attempt, as a transport read it off the wire, before any meaning is given
 * to it: {@code dev.handoff.Handoff} maps it to a receipt or an exception, the same way for every
 * transport.
 *
 * @param status the HTTP status
 * @param retryAfter the raw {@code Retry-After} header, or null when absent
 * @param fields the top-level members of a JSON object body whose values are strings, numbers or
 *     booleans, as strings (for example {@code api_id}, {@code error}, {@code created_on}); empty
 *     when the body was empty or not a JSON object
 * @param nonJsonBody when the body was not empty and not a JSON object, its first characters (at
 *     most {@link #EXCERPT_LIMIT}); otherwise null
 */
public record PlivoResponse(
    int status,
    @Nullable String retryAfter,
    Map<String, String> fields,
    @Nullable String nonJsonBody) {

  /** How many characters of a body that is not JSON a transport keeps, at most. */
  public static final int EXCERPT_LIMIT = 512;

  /**
   * @throws IllegalArgumentException if {@code status} is not 100-599
   */
  public PlivoResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100-599, was " + status);
    }
    Checks.notNull(fields, "fields");
    if (!(fields instanceof Fields)) {
      fields = Fields.copyOf(fields);
    }
    if (nonJsonBody != null && nonJsonBody.length() > EXCERPT_LIMIT) {
      nonJsonBody = nonJsonBody.substring(0, EXCERPT_LIMIT);
    }
  }

  /**
   * A response whose body parsed as JSON. Keeps the object's string, number and boolean members as
   * strings (numbers without a fraction written as integers, {@code 1} not {@code 1.0}); a parsed
   * value that is not a JSON object (an array, say) keeps the status only.
   *
   * @param status the HTTP status
   * @param retryAfter the raw {@code Retry-After} header, or null
   * @param json the parsed body: a {@code Map} for a JSON object, as JSON libraries give it
   */
  public static PlivoResponse json(int status, @Nullable String retryAfter, @Nullable Object json) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (json instanceof Map<?, ?> object) {
      for (Map.Entry<?, ?> member : object.entrySet()) {
        Object value = member.getValue();
        if (value instanceof String || value instanceof Boolean) {
          fields.put(String.valueOf(member.getKey()), String.valueOf(value));
        } else if (value instanceof Number number) {
          fields.put(String.valueOf(member.getKey()), plain(number));
        }
      }
    }
    return new PlivoResponse(
        status, retryAfter, fields.isEmpty() ? Fields.EMPTY : new Fields(fields), null);
  }

  /**
   * A number as JSON wrote it, whatever the parser made of it: Moshi reads {@code 1} as the double
   * {@code 1.0}, Jackson as the integer {@code 1}; both become {@code "1"}.
   */
  private static String plain(Number number) {
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      if (Double.isFinite(value)) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
      }
    }
    return number.toString();
  }

  /**
   * A response whose body is not JSON (an HTML error page, say), or is empty.
   *
   * @param status the HTTP status
   * @param retryAfter the raw {@code Retry-After} header, or null
   * @param body the body's text, or its first characters; empty for no body
   */
  public static PlivoResponse text(int status, @Nullable String retryAfter, String body) {
    return new PlivoResponse(status, retryAfter, Fields.EMPTY, body.isEmpty() ? null : body);
  }

  /** The value of the top-level member {@code name}, or null. */
  public @Nullable String field(String name) {
    return fields.get(name);
  }

  /**
   * The unmodifiable, insertion-ordered map behind {@link #fields}. Only this class creates one,
   * always over a map nobody else holds, so the constructor can take it without a second copy
   * (BENCHMARKS.md has what that saves). Any other map passed to the constructor is still copied.
   */
  private static final class Fields extends AbstractMap<String, String> {
    static final Fields EMPTY = new Fields(Map.of());

    private final Map<String, String> map;
    private final Set<Map.Entry<String, String>> entries;

    /** Wraps {@code owned}, which the caller must not keep. */
    Fields(Map<String, String> owned) {
      Map<String, String> view = Collections.unmodifiableMap(owned);
      this.map = owned;
      this.entries = view.entrySet();
    }

    static Fields copyOf(Map<String, String> fields) {
      return fields.isEmpty() ? EMPTY : new Fields(new LinkedHashMap<>(fields));
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return entries;
    }

    @Override
    public @Nullable String get(@Nullable Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }
}
