package dev.handoff.callbacks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plivo's V3 signature written again from docs/../shared/plivo-callbacks.md and Plivo's Python SDK,
 * sharing no code with {@link SignatureV3}: it sorts UTF-8 byte arrays (not code points), builds
 * the string with streams, and takes the base URL as a string it never parses. It also writes the
 * request Plivo would send (query and body form-encoded by the JDK's {@link URLEncoder}).
 */
final class IndependentSigner {
  private final String authToken;

  IndependentSigner(String authToken) {
    this.authToken = authToken;
  }

  /** A parameter pair, in the order Plivo would send it. */
  record Pair(String name, String value) {}

  static List<Pair> pairs(String... namesAndValues) {
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      pairs.add(new Pair(namesAndValues[i], namesAndValues[i + 1]));
    }
    return pairs;
  }

  /**
   * The signature of a request to {@code base} (scheme, host, port, path as Plivo requests it) with
   * the decoded {@code query} and {@code body} pairs.
   */
  String signature(String method, String base, List<Pair> query, List<Pair> body, String nonce) {
    String joined =
        sorted(query).stream()
            .map(p -> p.name() + "=" + p.value())
            .collect(Collectors.joining("&"));
    String text;
    if (method.equals("POST") && !body.isEmpty()) {
      String concatenated =
          sorted(body).stream().map(p -> p.name() + p.value()).collect(Collectors.joining());
      text = base + "?" + (joined.isEmpty() ? "" : joined + ".") + concatenated + "." + nonce;
    } else {
      text = base + (joined.isEmpty() ? "" : "?" + joined) + "." + nonce;
    }
    return hmac(text);
  }

  /** A signed request as Plivo would send it, with its target absolute. */
  CallbackRequest request(
      String method, String base, List<Pair> query, List<Pair> body, String nonce) {
    return requestTo(method, base, base, query, body, nonce);
  }

  /**
   * A request signed for {@code signedBase} whose target (what the application sees) is {@code
   * seenBase} with the same query and body.
   */
  CallbackRequest requestTo(
      String method,
      String signedBase,
      String seenBase,
      List<Pair> query,
      List<Pair> body,
      String nonce) {
    String target = query.isEmpty() ? seenBase : seenBase + "?" + encode(query);
    CallbackRequest.Builder builder =
        CallbackRequest.builder(method, target)
            .header("X-Plivo-Signature-V3", signature(method, signedBase, query, body, nonce))
            .header("X-Plivo-Signature-V3-Nonce", nonce);
    if (method.equals("POST")) {
      builder.formBody(encode(body));
    }
    return builder.build();
  }

  static String encode(List<Pair> pairs) {
    return pairs.stream()
        .map(
            p ->
                URLEncoder.encode(p.name(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(p.value(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static List<Pair> sorted(List<Pair> pairs) {
    List<Pair> copy = new ArrayList<>(pairs);
    copy.sort(
        (a, b) -> {
          int byName = Arrays.compareUnsigned(utf8(a.name()), utf8(b.name()));
          return byName != 0 ? byName : Arrays.compareUnsigned(utf8(a.value()), utf8(b.value()));
        });
    return copy;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(utf8(authToken), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(utf8(text)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static Map.Entry<String, String> entry(Pair pair) {
    return Map.entry(pair.name(), pair.value());
  }
}
