package dev.handoff.callbacks;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request Plivo made to the application, as the application received it: the method, the
 * request target (the URL as the server saw it), the headers and, for {@code POST}, the form body.
 * It is the input of {@link SignatureVerifier#verify(CallbackRequest)} and of {@link
 * Callback#parse(CallbackRequest)}, built from whatever a web framework offers, with no framework
 * type in its signatures. Immutable and thread-safe.
 *
 * <p>The target is either absolute ({@code https://example.com/hold.xml?a=b}, what a Servlet's
 * {@code getRequestURL()} plus {@code ?} and {@code getQueryString()} gives) or origin-form ({@code
 * /hold.xml?a=b}, the path and query only). Its path and query are kept as sent (still
 * percent-encoded): that is what Plivo signed. The body is either the raw {@code
 * application/x-www-form-urlencoded} text or the parameters a framework decoded already, in the
 * order received; repeated names are kept. Nothing is decoded or checked here: a malformed target
 * or body makes {@link SignatureVerifier#verify} answer "not genuine" with a reason, and {@link
 * #queryParameters()} / {@link #bodyParameters()} throw {@link IllegalArgumentException}.
 */
public final class CallbackRequest {
  private final String method;
  private final String target;
  private final Map<String, List<String>> headers;
  private final @Nullable String rawBody;
  private final @Nullable List<Map.Entry<String, String>> decodedBody;

  private CallbackRequest(Builder builder) {
    this.method = builder.method;
    this.target = builder.target;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.rawBody = builder.rawBody;
    this.decodedBody = builder.decodedBody == null ? null : List.copyOf(builder.decodedBody);
  }

  /**
   * A request with method {@code method} to {@code target}.
   *
   * @param method the HTTP method, any case ({@code POST}, {@code get}); Plivo uses only GET and
   *     POST, and {@link SignatureVerifier} refuses others
   * @param target the request target: an absolute URL or a path starting with {@code /}, with its
   *     query if any, as sent (percent-encoded)
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(String method, String target) {
    return new Builder(method, target);
  }

  /**
   * A {@code POST} with the raw form body {@code formBody} and {@code headers}: the common case in
   * one call.
   *
   * @param target the request target, absolute or a path (see the class description)
   * @param headers each header name (any case) with its values, one per header line received
   * @param formBody the {@code application/x-www-form-urlencoded} body, possibly empty
   * @throws NullPointerException if an argument, a header name or a value is null
   */
  public static CallbackRequest post(
      String target, Map<String, ? extends List<String>> headers, String formBody) {
    Builder builder = builder("POST", target).formBody(formBody);
    headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    return builder.build();
  }

  /**
   * A {@code GET}: Plivo's parameters are in the query of {@code target}.
   *
   * @param target the request target with its query, absolute or a path
   * @param headers each header name (any case) with its values, one per header line received
   * @throws NullPointerException if an argument, a header name or a value is null
   */
  public static CallbackRequest get(String target, Map<String, ? extends List<String>> headers) {
    Builder builder = builder("GET", target);
    headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    return builder.build();
  }

  /** The method, upper-case ({@code POST}, {@code GET}). */
  public String method() {
    return method;
  }

  /** The request target as given: an absolute URL or a path, with its query, still encoded. */
  public String target() {
    return target;
  }

  /**
   * The headers: names in lower case ({@code x-plivo-signature-v3}), each with its values in the
   * order received, one per header line. Immutable.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The values of header {@code name} (any case), one per header line; empty when absent.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The decoded query parameters of the target, in order, repeated names kept; empty without a
   * query. {@code +} is a space, {@code %XX} a UTF-8 byte.
   *
   * @throws IllegalArgumentException if the query is not form-encoded (a stray {@code %})
   */
  public List<Map.Entry<String, String>> queryParameters() {
    String query = rawQuery(target);
    return query == null ? List.of() : decodeForm(query);
  }

  /**
   * The decoded body parameters, in order, repeated names kept; empty for a request without a body
   * (a {@code GET}).
   *
   * @throws IllegalArgumentException if the raw body is not form-encoded (a stray {@code %})
   */
  public List<Map.Entry<String, String>> bodyParameters() {
    if (decodedBody != null) {
      return decodedBody;
    }
    return rawBody == null ? List.of() : decodeForm(rawBody);
  }

  /**
   * Plivo's parameters: the body's for a {@code POST}, the query's for any other method (a {@code
   * GET} carries them in the query).
   *
   * @throws IllegalArgumentException if they are not form-encoded
   */
  public List<Map.Entry<String, String>> parameters() {
    return method.equals("POST") ? bodyParameters() : queryParameters();
  }

  /** Shows the method and the target; the headers and the body are left out (they can be long). */
  @Override
  public String toString() {
    return "CallbackRequest[" + method + " " + target + "]";
  }

  /** The raw query of {@code target} (between {@code ?} and {@code #}), or null. */
  static @Nullable String rawQuery(String target) {
    int hash = target.indexOf('#');
    String withoutFragment = hash < 0 ? target : target.substring(0, hash);
    int question = withoutFragment.indexOf('?');
    return question < 0 ? null : withoutFragment.substring(question + 1);
  }

  /**
   * Decodes {@code application/x-www-form-urlencoded} text with the JDK's decoder: pairs split on
   * {@code &}, an empty pair skipped, a pair without {@code =} a name with an empty value.
   */
  static List<Map.Entry<String, String>> decodeForm(String form) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (form.isEmpty()) {
      return List.of();
    }
    for (String pair : form.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      pairs.add(
          Map.entry(
              URLDecoder.decode(name, StandardCharsets.UTF_8),
              URLDecoder.decode(value, StandardCharsets.UTF_8)));
    }
    return List.copyOf(pairs);
  }

  /** Builds a {@link CallbackRequest}. Not thread-safe; {@link #build()} copies what it holds. */
  public static final class Builder {
    private final String method;
    private final String target;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private @Nullable String rawBody;
    private @Nullable List<Map.Entry<String, String>> decodedBody;

    private Builder(String method, String target) {
      this.method = Objects.requireNonNull(method, "method").trim().toUpperCase(Locale.ROOT);
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * Adds one header line. A name given twice keeps both values (as two lines).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(value, "header value");
      headers
          .computeIfAbsent(
              Objects.requireNonNull(name, "header name").toLowerCase(Locale.ROOT),
              ignored -> new ArrayList<>())
          .add(value);
      return this;
    }

    /**
     * The raw {@code application/x-www-form-urlencoded} body, decoded when read. Replaces any
     * {@link #bodyParameter} given.
     *
     * @throws NullPointerException if {@code formBody} is null
     */
    public Builder formBody(String formBody) {
      this.rawBody = Objects.requireNonNull(formBody, "formBody");
      this.decodedBody = null;
      return this;
    }

    /**
     * Adds one body parameter a framework decoded already. Replaces any {@link #formBody} given.
     * Mind that a Servlet's {@code getParameterMap()} mixes the query's parameters into the body's:
     * pass the body's only (see {@code docs/callbacks.md}).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder bodyParameter(String name, String value) {
      if (decodedBody == null) {
        decodedBody = new ArrayList<>();
      }
      rawBody = null;
      decodedBody.add(
          Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
      return this;
    }

    /** The request. */
    public CallbackRequest build() {
      return new CallbackRequest(this);
    }
  }
}
