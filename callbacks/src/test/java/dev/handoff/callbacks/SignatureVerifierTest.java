package dev.handoff.callbacks;

import static dev.handoff.callbacks.IndependentSigner.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.callbacks.IndependentSigner.Pair;
import dev.handoff.callbacks.Verification.Reason;
import dev.handoff.model.Credentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cases Plivo's vectors leave open, each signed by {@link IndependentSigner}: GET and POST with
 * and without a query, a port, a repeated parameter, non-ASCII values, an empty body; one changed
 * byte fails; proxies; bad input answers a reason and never throws.
 */
class SignatureVerifierTest {
  private static final String TOKEN = "MzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEy";
  private static final String NONCE = "05429567804466091622";
  private static final IndependentSigner SIGNER = new IndependentSigner(TOKEN);
  private static final SignatureVerifier DIRECT =
      SignatureVerifier.builder(TOKEN).useRequestUrl().build();
  private static final List<Pair> CALL =
      pairs(
          "CallUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "From", "+14152223333",
          "To", "+14152224444",
          "CallStatus", "in-progress",
          "Event", "Transfer");

  private static Verification genuine() {
    return new Verification(true, Reason.GENUINE);
  }

  private static Verification not(Reason reason) {
    return new Verification(false, reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST"})
  void withAndWithoutQueryPortRepeatedAndNonAsciiVerify(String method) {
    List<Pair> noQuery = List.of();
    List<Pair> query = pairs("queue", "7", "lang", "fr");
    List<Pair> repeated = pairs("tag", "b", "tag", "a", "Tag", "c");
    List<Pair> nonAscii = pairs("CallerName", "Zoë Ångström 日本", "emoji", "😀 +&=%");
    for (String base :
        List.of(
            "https://calls.example.com/plivo/hold.xml",
            "https://calls.example.com:8443/plivo/hold.xml",
            "http://127.0.0.1:8080/",
            "https://calls.example.com/caf%C3%A9/x")) {
      for (List<Pair> q : List.of(noQuery, query, repeated, nonAscii)) {
        for (List<Pair> extra : List.of(List.<Pair>of(), repeated, nonAscii)) {
          List<Pair> params = concat(CALL, extra);
          CallbackRequest request =
              method.equals("GET")
                  ? SIGNER.request(method, base, concat(q, params), List.of(), NONCE)
                  : SIGNER.request(method, base, q, params, NONCE);
          assertThat(DIRECT.verify(request)).as(request + " " + extra).isEqualTo(genuine());
        }
      }
    }
  }

  @Test
  void anEmptyBodyAndAGetWithoutParametersVerifyAsPlivosPythonSdkSignsThem() {
    String base = "https://calls.example.com/hold.xml";
    for (String method : List.of("GET", "POST")) {
      assertThat(DIRECT.verify(SIGNER.request(method, base, List.of(), List.of(), NONCE)))
          .isEqualTo(genuine());
      assertThat(DIRECT.verify(SIGNER.request(method, base, pairs("a", "b"), List.of(), NONCE)))
          .isEqualTo(genuine());
    }
    // Pinned: "base.nonce" with neither query nor parameters (no "?").
    String signature = SignatureV3.sign(SignatureV3.key(TOKEN), base + "." + NONCE);
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder("POST", base)
                    .header("X-Plivo-Signature-V3", signature)
                    .header("X-Plivo-Signature-V3-Nonce", NONCE)
                    .formBody("")
                    .build()))
        .isEqualTo(genuine());
  }

  @Test
  void oneChangedByteInAParameterTheUrlOrTheNonceDoesNotVerify() {
    String base = "https://calls.example.com:8443/hold.xml";
    CallbackRequest good = SIGNER.request("POST", base, pairs("a", "b"), CALL, NONCE);
    assertThat(DIRECT.verify(good)).isEqualTo(genuine());
    String signature = good.header("X-Plivo-Signature-V3").get(0);
    String body = IndependentSigner.encode(CALL);

    assertThat(DIRECT.verify(post(base + "?a=b", body.replace("4444", "4445"), signature, NONCE)))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(DIRECT.verify(post(base + "?a=c", body, signature, NONCE)))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(DIRECT.verify(post(base.replace("8443", "8444") + "?a=b", body, signature, NONCE)))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(DIRECT.verify(post(base + "?a=b", body, signature, NONCE.replace('5', '6'))))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(DIRECT.verify(post(base + "?a=b", body, signature, NONCE))).isEqualTo(genuine());
    assertThat(
            SignatureVerifier.builder(TOKEN + "x")
                .useRequestUrl()
                .build()
                .verify(post(base + "?a=b", body, signature, NONCE)))
        .as("another token")
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
  }

  @Test
  void anyOfSeveralSignaturesAndTheMainAccountHeaderCount() {
    String base = "https://calls.example.com/hold.xml";
    String body = IndependentSigner.encode(CALL);
    String good = SIGNER.signature("POST", base, List.of(), CALL, NONCE);
    String other =
        new IndependentSigner("another-token").signature("POST", base, List.of(), CALL, NONCE);
    assertThat(DIRECT.verify(post(base, body, other + "," + good, NONCE))).isEqualTo(genuine());
    assertThat(DIRECT.verify(post(base, body, other + ", " + good, NONCE))).isEqualTo(genuine());
    assertThat(DIRECT.verify(post(base, body, other, NONCE)))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    CallbackRequest mainAccount =
        CallbackRequest.builder("POST", base)
            .header("X-Plivo-Signature-Ma-V3", good)
            .header("x-plivo-signature-v3", other)
            .header("X-PLIVO-SIGNATURE-V3-NONCE", NONCE)
            .formBody(body)
            .build();
    assertThat(DIRECT.verify(mainAccount)).isEqualTo(genuine());
  }

  @Test
  void badInputAnswersAReasonAndNeverThrows() {
    String base = "https://calls.example.com/hold.xml";
    String body = IndependentSigner.encode(CALL);
    String good = SIGNER.signature("POST", base, List.of(), CALL, NONCE);
    assertThat(DIRECT.verify(CallbackRequest.builder("POST", base).formBody(body).build()))
        .isEqualTo(not(Reason.MISSING_SIGNATURE));
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder("POST", base)
                    .header("X-Plivo-Signature-V2", good)
                    .header("X-Plivo-Signature-V2-Nonce", NONCE)
                    .formBody(body)
                    .build()))
        .isEqualTo(not(Reason.ONLY_LEGACY_V2_SIGNATURE));
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder("POST", base)
                    .header("X-Plivo-Signature-V3", good)
                    .formBody(body)
                    .build()))
        .isEqualTo(not(Reason.MISSING_NONCE));
    assertThat(DIRECT.verify(post(base, body, good, ""))).isEqualTo(not(Reason.MISSING_NONCE));
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder("POST", base)
                    .header("X-Plivo-Signature-V3", good)
                    .header("X-Plivo-Signature-V3", good)
                    .header("X-Plivo-Signature-V3-Nonce", NONCE)
                    .formBody(body)
                    .build()))
        .isEqualTo(not(Reason.DUPLICATED_HEADER));
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder("POST", base)
                    .header("X-Plivo-Signature-V3", good)
                    .header("X-Plivo-Signature-V3-Nonce", NONCE)
                    .header("X-Plivo-Signature-V3-Nonce", "1")
                    .formBody(body)
                    .build()))
        .isEqualTo(not(Reason.DUPLICATED_HEADER));
    for (String target :
        List.of(
            "https://calls example.com/x",
            "/no host",
            "relative/path",
            "ftp://h/x",
            "",
            "mailto:a@b",
            "https:///x")) {
      assertThat(DIRECT.verify(post(target, body, good, NONCE)))
          .as(target)
          .isEqualTo(not(Reason.MALFORMED_URL));
    }
    assertThat(DIRECT.verify(post("/hold.xml", body, good, NONCE)))
        .as("a path only, with useRequestUrl()")
        .isEqualTo(not(Reason.MALFORMED_URL));
    assertThat(DIRECT.verify(post(base, "a=%zz", good, NONCE)))
        .isEqualTo(not(Reason.MALFORMED_PARAMETERS));
    assertThat(DIRECT.verify(post(base + "?a=%", body, good, NONCE)))
        .as("a stray % is no URI")
        .isEqualTo(not(Reason.MALFORMED_URL));
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder("PUT", base)
                    .header("X-Plivo-Signature-V3", good)
                    .header("X-Plivo-Signature-V3-Nonce", NONCE)
                    .formBody(body)
                    .build()))
        .isEqualTo(not(Reason.UNSUPPORTED_METHOD));
    assertThat(DIRECT.verify(post(base, body, "", NONCE)))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(DIRECT.verify(post(base, body, "not base64 ü,,", NONCE)))
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));
  }

  @Test
  void theMethodIsReadAtRunTimeInAnyCase() {
    String base = "https://calls.example.com/hold.xml";
    String good = SIGNER.signature("POST", base, List.of(), CALL, NONCE);
    String method = new StringBuilder("tsop").reverse().toString(); // not an interned literal
    assertThat(
            DIRECT.verify(
                CallbackRequest.builder(method, base)
                    .header("X-Plivo-Signature-V3", good)
                    .header("X-Plivo-Signature-V3-Nonce", NONCE)
                    .formBody(IndependentSigner.encode(CALL))
                    .build()))
        .isEqualTo(genuine());
  }

  @Test
  void behindATlsTerminatingProxyTheConfiguredPublicBaseUrlVerifies() {
    String publicBase = "https://calls.example.com/app/plivo/hold.xml";
    // The proxy forwards to http://10.0.0.7:8080 and strips the /app prefix.
    CallbackRequest seen =
        SIGNER.requestTo(
            "POST",
            publicBase,
            "http://10.0.0.7:8080/plivo/hold.xml",
            pairs("q", "1"),
            CALL,
            NONCE);
    assertThat(DIRECT.verify(seen)).isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    for (String baseUrl :
        List.of("https://calls.example.com/app", "https://calls.example.com/app/")) {
      SignatureVerifier behindProxy =
          SignatureVerifier.builder(TOKEN).publicBaseUrl(baseUrl).build();
      assertThat(behindProxy.verify(seen)).isEqualTo(genuine());
    }
    CallbackRequest originForm =
        SIGNER.requestTo("POST", publicBase, "/plivo/hold.xml", pairs("q", "1"), CALL, NONCE);
    assertThat(
            SignatureVerifier.builder(TOKEN)
                .publicBaseUrl("https://calls.example.com/app")
                .build()
                .verify(originForm))
        .isEqualTo(genuine());
  }

  @Test
  void forwardedHeadersCountOnlyWhenTrusted() {
    String publicBase = "https://calls.example.com/hold.xml";
    CallbackRequest seen =
        SIGNER.requestTo(
            "POST", publicBase, "http://10.0.0.7:8080/hold.xml", List.of(), CALL, NONCE);
    CallbackRequest xForwarded =
        withHeaders(
            seen,
            "X-Forwarded-Proto",
            "https",
            "X-Forwarded-Host",
            "calls.example.com",
            "X-Forwarded-Port",
            "443");
    CallbackRequest forwarded =
        withHeaders(
            seen,
            "Forwarded",
            "for=192.0.2.60;proto=https;host=\"calls.example.com\", for=10.0.0.1;proto=http;host=internal");
    SignatureVerifier trusting = SignatureVerifier.builder(TOKEN).trustForwardedHeaders().build();

    assertThat(DIRECT.verify(xForwarded)).isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(DIRECT.verify(forwarded)).isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(trusting.verify(xForwarded)).isEqualTo(genuine());
    assertThat(trusting.verify(forwarded)).isEqualTo(genuine());
    assertThat(trusting.verify(seen))
        .as("no forwarded header")
        .isEqualTo(not(Reason.SIGNATURE_MISMATCH));

    CallbackRequest withPort =
        withHeaders(
            SIGNER.requestTo(
                "POST",
                "https://calls.example.com:8443/hold.xml",
                "/hold.xml",
                List.of(),
                CALL,
                NONCE),
            "X-Forwarded-Proto",
            "https",
            "X-Forwarded-Host",
            "calls.example.com",
            "X-Forwarded-Port",
            "8443");
    assertThat(trusting.verify(withPort)).isEqualTo(genuine());
    CallbackRequest hostHeader =
        withHeaders(
            SIGNER.requestTo(
                "POST", "https://calls.example.com/hold.xml", "/hold.xml", List.of(), CALL, NONCE),
            "X-Forwarded-Proto",
            "https",
            "Host",
            "calls.example.com");
    assertThat(trusting.verify(hostHeader)).isEqualTo(genuine());
    assertThat(trusting.verify(withHeaders(seen, "X-Forwarded-Host", "evil.example.com/x?")))
        .isEqualTo(not(Reason.MALFORMED_URL));
    assertThat(trusting.verify(withHeaders(seen, "X-Forwarded-Proto", "gopher")))
        .isEqualTo(not(Reason.MALFORMED_URL));
  }

  @Test
  void aNonceCacheRefusesAReplayOfAGenuineRequestOnly() throws Exception {
    NonceCache cache = NonceCache.inMemory(Duration.ofMinutes(10), 100);
    SignatureVerifier verifier =
        SignatureVerifier.builder(TOKEN).useRequestUrl().nonceCache(cache).build();
    String base = "https://calls.example.com/hold.xml";
    CallbackRequest request = SIGNER.request("POST", base, List.of(), CALL, NONCE);
    CallbackRequest forged = post(base, IndependentSigner.encode(CALL), "AAAA", "forged-nonce");

    assertThat(verifier.verify(forged)).isEqualTo(not(Reason.SIGNATURE_MISMATCH));
    assertThat(cache.firstSeen("forged-nonce")).as("a forgery is not remembered").isTrue();
    assertThat(verifier.verify(request)).isEqualTo(genuine());
    assertThat(verifier.verify(request)).isEqualTo(not(Reason.REPLAYED_NONCE));
    assertThat(verifier.verifyAsync(request).toCompletableFuture().get())
        .isEqualTo(not(Reason.REPLAYED_NONCE));
    CallbackRequest other = SIGNER.request("POST", base, List.of(), CALL, "another-nonce");
    assertThat(verifier.verifyAsync(other).toCompletableFuture().get()).isEqualTo(genuine());
  }

  @Test
  void theBuilderDemandsOneSourceOfThePublicUrlAndNeverShowsTheToken() {
    assertThatThrownBy(() -> SignatureVerifier.builder(TOKEN).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("publicBaseUrl");
    assertThatThrownBy(
            () -> SignatureVerifier.builder(TOKEN).useRequestUrl().trustForwardedHeaders())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("useRequestUrl()");
    for (String bad :
        List.of(
            "calls.example.com",
            "ftp://h/",
            "https://h/?q=1",
            "https://h/#f",
            "https://u:" + TOKEN + "@h/",
            "https://h h/")) {
      assertThatThrownBy(() -> SignatureVerifier.builder(TOKEN).publicBaseUrl(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("baseUrl must be")
          .hasMessageNotContaining(TOKEN);
    }
    assertThatThrownBy(() -> SignatureVerifier.builder(""))
        .isInstanceOf(IllegalArgumentException.class);
    Credentials credentials = new Credentials("MAXXXXXXXXXXXXXXXXXX", TOKEN);
    SignatureVerifier verifier =
        SignatureVerifier.builder(credentials).publicBaseUrl("https://calls.example.com").build();
    assertThat(verifier.toString()).doesNotContain(TOKEN).contains("https://calls.example.com");
    assertThat(
            verifier.verify(
                SIGNER.requestTo(
                    "POST", "https://calls.example.com/x", "/x", List.of(), CALL, NONCE)))
        .isEqualTo(genuine());
  }

  private static CallbackRequest post(String target, String body, String signature, String nonce) {
    return CallbackRequest.builder("POST", target)
        .header("X-Plivo-Signature-V3", signature)
        .header("X-Plivo-Signature-V3-Nonce", nonce)
        .formBody(body)
        .build();
  }

  private static CallbackRequest withHeaders(CallbackRequest request, String... namesAndValues) {
    CallbackRequest.Builder builder = CallbackRequest.builder(request.method(), request.target());
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      header.getValue().forEach(value -> builder.header(header.getKey(), value));
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      builder.header(namesAndValues[i], namesAndValues[i + 1]);
    }
    request.bodyParameters().forEach(p -> builder.bodyParameter(p.getKey(), p.getValue()));
    return builder.build();
  }

  private static List<Pair> concat(List<Pair> a, List<Pair> b) {
    List<Pair> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
