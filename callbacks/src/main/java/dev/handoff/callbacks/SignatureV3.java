package dev.handoff.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plivo's V3 signature: the string it signs and its HMAC. The reference for the cases Plivo's
 * vectors leave open is Plivo's Python SDK ({@code plivo/utils/signature_v3.py}); {@code
 * docs/callbacks.md} lists where the other SDKs differ.
 */
final class SignatureV3 {
  /** Sorts by name, then value, in code-point order: UTF-8 byte order, as Python's sort. */
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

  private static final Comparator<Map.Entry<String, String>> BY_NAME_THEN_VALUE =
      Map.Entry.<String, String>comparingByKey(CODE_POINTS)
          .thenComparing(Map.Entry.comparingByValue(CODE_POINTS));

  private SignatureV3() {}

  /**
   * The string Plivo signs.
   *
   * <ul>
   *   <li>GET: {@code base ["?" query] "." nonce}, the query being every pair {@code name=value}
   *       sorted and joined by {@code &}; without a pair there is no {@code ?}.
   *   <li>POST with a body: {@code base "?" [query "."] body "." nonce}, the body being every pair
   *       as {@code namevalue}, sorted and concatenated; the {@code ?} is there without a query.
   *   <li>POST with an empty body: as GET.
   * </ul>
   *
   * @param base {@code scheme "://" authority path}, as Plivo requested it
   * @param query the decoded query pairs, repeated names kept
   * @param body the decoded body pairs (empty for GET)
   */
  static String stringToSign(
      boolean post,
      String base,
      List<Map.Entry<String, String>> query,
      List<Map.Entry<String, String>> body,
      String nonce) {
    StringBuilder text = new StringBuilder(base);
    String joinedQuery = joinQuery(query);
    if (post && !body.isEmpty()) {
      text.append('?');
      if (!joinedQuery.isEmpty()) {
        text.append(joinedQuery).append('.');
      }
      for (Map.Entry<String, String> pair : sorted(body)) {
        text.append(pair.getKey()).append(pair.getValue());
      }
    } else if (!joinedQuery.isEmpty()) {
      text.append('?').append(joinedQuery);
    }
    return text.append('.').append(nonce).toString();
  }

  /** Base64 of HMAC-SHA256 of the UTF-8 bytes of {@code text} under {@code key}. */
  static String sign(SecretKeySpec key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // Every Java SE runtime has HmacSHA256, and any key bytes are a valid HMAC key.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The HMAC key for an Auth Token. */
  static SecretKeySpec key(String authToken) {
    return new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  private static String joinQuery(List<Map.Entry<String, String>> query) {
    StringBuilder joined = new StringBuilder();
    for (Map.Entry<String, String> pair : sorted(query)) {
      if (joined.length() > 0) {
        joined.append('&');
      }
      joined.append(pair.getKey()).append('=').append(pair.getValue());
    }
    return joined.toString();
  }

  private static List<Map.Entry<String, String>> sorted(List<Map.Entry<String, String>> pairs) {
    List<Map.Entry<String, String>> copy = new ArrayList<>(pairs);
    copy.sort(BY_NAME_THEN_VALUE);
    return copy;
  }
}
