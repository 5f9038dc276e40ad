package dev.handoff.testkit;

import dev.handoff.model.Credentials;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests as Plivo signs the callbacks it makes (V3: {@code X-Plivo-Signature-V3}, {@code
 * X-Plivo-Signature-Ma-V3}, {@code X-Plivo-Signature-V3-Nonce}), for an application's own tests of
 * the controller that receives them; {@link FakePlivoServer} signs the transfer URLs it fetches
 * with it. This is an implementation of the documented algorithm written apart from {@code
 * handoff-callbacks}' verifier, so a test that signs here and verifies there checks one against the
 * other.
 *
 * <pre>{@code
 * List<Map.Entry<String, String>> params = List.of(Map.entry("CallUUID", uuid), Map.entry("Event", "Transfer"));
 * Map<String, String> headers =
 *     PlivoCallbacks.sign(credentials, "POST", URI.create("https://calls.example.com/transfer"), params);
 * mockMvc.perform(post("/transfer").headers(...headers...).content(PlivoCallbacks.formBody(params)));
 * }</pre>
 *
 * <p>What is signed ({@code docs/callbacks.md}): the URL without its fragment; for {@code GET} its
 * query and {@code params} (added to the query) as sorted {@code name=value} pairs; for {@code
 * POST} the URL's query as sorted pairs, then {@code params} (the form body) as sorted {@code
 * namevalue}; then {@code "." nonce}. Sorting is by name then value in code-point order; repeated
 * names count once per value. Stateless and thread-safe.
 */
public final class PlivoCallbacks {
  /** The header with the signature made with the (sub)account's Auth Token. */
  public static final String SIGNATURE_HEADER = "X-Plivo-Signature-V3";

  /** The header with the signature made with the main account's Auth Token. */
  public static final String MAIN_ACCOUNT_SIGNATURE_HEADER = "X-Plivo-Signature-Ma-V3";

  /** The header with the nonce both signatures cover. */
  public static final String NONCE_HEADER = "X-Plivo-Signature-V3-Nonce";

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Comparator<String> CODE_POINTS =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int x = a.codePointAt(i);
          int y = b.codePointAt(j);
          if (x != y) {
            return Integer.compare(x, y);
          }
          i += Character.charCount(x);
          j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private static final Comparator<Map.Entry<String, String>> PAIRS =
      Map.Entry.<String, String>comparingByKey(CODE_POINTS)
          .thenComparing(Map.Entry.comparingByValue(CODE_POINTS));

  private PlivoCallbacks() {}

  /**
   * The three signature headers for a request Plivo would make to {@code url}, with a fresh random
   * nonce of 20 digits: {@value #SIGNATURE_HEADER}, {@value #MAIN_ACCOUNT_SIGNATURE_HEADER} (both
   * with {@code credentials}' Auth Token: the fake has one account) and {@value #NONCE_HEADER}.
   *
   * @param method {@code GET} (then {@code params} go in the query) or {@code POST} (then they are
   *     the form body)
   * @param url the public URL the request goes to, as the application's verifier sees it; a
   *     fragment is ignored
   * @param params the decoded parameters, repeated names kept, in any order
   * @return the headers, in that order; an unmodifiable map
   * @throws NullPointerException if an argument or a parameter's name or value is null
   * @throws IllegalArgumentException if {@code method} is neither {@code GET} nor {@code POST}, or
   *     {@code url} is not absolute
   */
  public static Map<String, String> sign(
      Credentials credentials,
      String method,
      URI url,
      List<? extends Map.Entry<String, String>> params) {
    StringBuilder nonce = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      nonce.append(RANDOM.nextInt(10));
    }
    return sign(credentials, method, url, params, nonce.toString());
  }

  /**
   * {@link #sign(Credentials, String, URI, List)} with the nonce given: for tests that need the
   * same headers every time.
   *
   * @throws NullPointerException if an argument or a parameter's name or value is null
   * @throws IllegalArgumentException if {@code method} is neither {@code GET} nor {@code POST},
   *     {@code url} is not absolute or {@code nonce} is empty
   */
  public static Map<String, String> sign(
      Credentials credentials,
      String method,
      URI url,
      List<? extends Map.Entry<String, String>> params,
      String nonce) {
    Objects.requireNonNull(credentials, "credentials == null");
    String signature = signature(credentials.authToken(), method, url, params, nonce);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(SIGNATURE_HEADER, signature);
    headers.put(MAIN_ACCOUNT_SIGNATURE_HEADER, signature);
    headers.put(NONCE_HEADER, nonce);
    return java.util.Collections.unmodifiableMap(headers);
  }

  /**
   * The V3 signature alone, Base64 of HMAC-SHA256 under {@code authToken}.
   *
   * @throws NullPointerException if an argument or a parameter's name or value is null
   * @throws IllegalArgumentException as {@link #sign(Credentials, String, URI, List, String)}
   */
  public static String signature(
      String authToken,
      String method,
      URI url,
      List<? extends Map.Entry<String, String>> params,
      String nonce) {
    Objects.requireNonNull(authToken, "authToken == null");
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(params, "params == null");
    Objects.requireNonNull(nonce, "nonce == null");
    boolean post = method.equals("POST");
    if (!post && !method.equals("GET")) {
      throw new IllegalArgumentException("method must be GET or POST, was " + method);
    }
    if (!url.isAbsolute() || url.getRawAuthority() == null) {
      throw new IllegalArgumentException("url must be absolute, with a host");
    }
    if (nonce.isEmpty()) {
      throw new IllegalArgumentException("nonce must not be empty");
    }
    List<Map.Entry<String, String>> query = queryPairs(url.getRawQuery());
    List<Map.Entry<String, String>> body = new ArrayList<>();
    for (Map.Entry<String, String> param : params) {
      Map.Entry<String, String> pair =
          Map.entry(
              Objects.requireNonNull(param.getKey(), "parameter name == null"),
              Objects.requireNonNull(param.getValue(), "parameter value == null"));
      (post ? body : query).add(pair);
    }
    StringBuilder text =
        new StringBuilder(url.getScheme())
            .append("://")
            .append(url.getRawAuthority())
            .append(url.getRawPath() == null ? "" : url.getRawPath());
    query.sort(PAIRS);
    body.sort(PAIRS);
    StringBuilder joined = new StringBuilder();
    for (Map.Entry<String, String> pair : query) {
      joined.append(joined.length() == 0 ? "" : "&").append(pair.getKey()).append('=');
      joined.append(pair.getValue());
    }
    if (post && !body.isEmpty()) {
      text.append('?');
      if (joined.length() > 0) {
        text.append(joined).append('.');
      }
      for (Map.Entry<String, String> pair : body) {
        text.append(pair.getKey()).append(pair.getValue());
      }
    } else if (joined.length() > 0) {
      text.append('?').append(joined);
    }
    text.append('.').append(nonce);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // Every Java SE runtime has HmacSHA256, and any key bytes are a valid HMAC key.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * {@code params} as an {@code application/x-www-form-urlencoded} body (UTF-8), in the order
   * given.
   *
   * @throws NullPointerException if {@code params} or a name or value is null
   */
  public static String formBody(List<? extends Map.Entry<String, String>> params) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> param : params) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  /**
   * {@code url} with {@code params} added to its query (form-encoded), its fragment removed: where
   * a {@code GET} callback goes.
   *
   * @throws NullPointerException if an argument is null
   */
  public static URI withQuery(URI url, List<? extends Map.Entry<String, String>> params) {
    Objects.requireNonNull(url, "url == null");
    String added = formBody(params);
    String query = url.getRawQuery();
    String joined =
        query == null || query.isEmpty() ? added : added.isEmpty() ? query : query + "&" + added;
    String text =
        url.getScheme()
            + "://"
            + url.getRawAuthority()
            + (url.getRawPath() == null ? "" : url.getRawPath())
            + (joined.isEmpty() ? "" : "?" + joined);
    return URI.create(text);
  }

  static List<Map.Entry<String, String>> queryPairs(String rawQuery) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return pairs;
    }
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(
          Map.entry(
              URLDecoder.decode(name, StandardCharsets.UTF_8),
              URLDecoder.decode(value, StandardCharsets.UTF_8)));
    }
    return pairs;
  }
}
