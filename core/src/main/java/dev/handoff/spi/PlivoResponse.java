package dev.handoff.spi;

import dev.handoff.internal.Checks;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param arrays the top-level members of a JSON object body whose values are arrays of strings (for
 *     example a call transfer's {@code call_uuids}); empty otherwise. Unmodifiable
 * @param unreadBody null when the body was read; otherwise why it was not (core sets it when a
 *     transport did not read a 2xx body larger than {@link Wire#MAX_RESPONSE_BYTES})
 */
public record PlivoResponse(
    int status,
    @Nullable String retryAfter,
    Map<String, String> fields,
    @Nullable String nonJsonBody,
    Map<String, List<String>> arrays,
    @Nullable String unreadBody) {

  /** How many characters of a body that is not JSON a transport keeps, at most. */
  public static final int EXCERPT_LIMIT = 512;

  /**
   * @throws IllegalArgumentException if {@code status} is not 100-599
   * @throws NullPointerException if {@code fields} or {@code arrays} is null
   */
  public PlivoResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100-599, was " + status);
    }
    Checks.notNull(fields, "fields");
    Checks.notNull(arrays, "arrays");
    if (!(fields instanceof Fields)) {
      fields = Fields.copyOf(fields);
    }
    if (!arrays.isEmpty()) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      arrays.forEach((name, values) -> copy.put(name, List.copyOf(values)));
      arrays = Collections.unmodifiableMap(copy);
    } else {
      arrays = Map.of();
    }
    if (nonJsonBody != null && nonJsonBody.length() > EXCERPT_LIMIT) {
      nonJsonBody = nonJsonBody.substring(0, EXCERPT_LIMIT);
    }
  }

  /**
   * A response without string arrays, read in full.
   *
   * @throws IllegalArgumentException if {@code status} is not 100-599
   */
  public PlivoResponse(
      int status,
      @Nullable String retryAfter,
      Map<String, String> fields,
      @Nullable String nonJsonBody) {
    this(status, retryAfter, fields, nonJsonBody, Map.of(), null);
  }

  /**
   * A response whose body was not read, with why.
   *
   * @param status the HTTP status
   * @param retryAfter the raw {@code Retry-After} header, or null
   * @param why why the body was not read, for example {@code "larger than 65536 bytes"}
   */
  public static PlivoResponse unread(int status, @Nullable String retryAfter, String why) {
    return new PlivoResponse(
        status, retryAfter, Fields.EMPTY, null, Map.of(), Checks.notNull(why, "why"));
  }

  /** The array of strings {@code name} holds, or an empty list. */
  public List<String> array(String name) {
    return arrays.getOrDefault(name, List.of());
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
    Map<String, List<String>> arrays = Map.of();
    if (json instanceof Map<?, ?> object) {
      for (Map.Entry<?, ?> member : object.entrySet()) {
        Object value = member.getValue();
        if (value instanceof String || value instanceof Boolean) {
          fields.put(String.valueOf(member.getKey()), String.valueOf(value));
        } else if (value instanceof Number number) {
          fields.put(String.valueOf(member.getKey()), plain(number));
        } else if (value instanceof List<?> list && isStrings(list)) {
          if (arrays.isEmpty()) {
            arrays = new LinkedHashMap<>();
          }
          @SuppressWarnings("unchecked")
          List<String> strings = (List<String>) list;
          arrays.put(String.valueOf(member.getKey()), strings);
        }
      }
    }
    return new PlivoResponse(
        status,
        retryAfter,
        fields.isEmpty() ? Fields.EMPTY : new Fields(fields),
        null,
        arrays,
        null);
  }

  private static boolean isStrings(List<?> list) {
    for (Object element : list) {
      if (!(element instanceof String)) {
        return false;
      }
    }
    return true;
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
    return new PlivoResponse(
        status, retryAfter, Fields.EMPTY, body.isEmpty() ? null : body, Map.of(), null);
  }

  /**
   * Whether this is Plivo's acceptance: a 2xx whose {@code error} member is empty or absent. Any
   * other response becomes the {@code PlivoErrorException} that {@link
   * dev.handoff.model.PlivoErrorException#typeFor} names for its status.
   */
  public boolean isSuccess() {
    if (status < 200 || status > 299) {
      return false;
    }
    String error = field("error");
    return error == null || error.isEmpty();
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
