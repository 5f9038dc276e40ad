package dev.handoff.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.callbacks.IndependentSigner.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plivo's four published V3 vectors (from its Go and Ruby SDKs' tests), through the public API and
 * through the independent test signer, so that both are anchored to Plivo's own answers.
 */
class PlivoVectorsTest {
  static final String TOKEN = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
  static final String NONCE = "31627761595286130198";
  static final String BASE =
      "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml";

  static final List<Pair> PARAMETERS =
      IndependentSigner.pairs(
          "Direction", "outbound",
          "From", "19792014278",
          "ALegUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "CallStatus", "in-progress",
          "BillRate", "0.002",
          "ParentAuthID", "MANWVLYTK4ZWU1YTY4QA",
          "To", "sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com",
          "ALegRequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "CallUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "RequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "SIP-H-To", "<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1",
          "SessionStart", "2020-04-08 11:34:33.238707",
          "Event", "StartApp");

  private static final SignatureVerifier VERIFIER =
      SignatureVerifier.builder(TOKEN).useRequestUrl().build();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "POST, /?a=b&c=d, k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=",
    "GET,  /?a=b&c=d, UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=",
    "POST, '',        iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=",
    "GET,  '',        i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc="
  })
  void plivosVectorVerifies(String method, String suffix, String signature) {
    boolean withQuery = !suffix.isEmpty();
    String base = withQuery ? BASE + "/" : BASE;
    List<Pair> query = new ArrayList<>();
    if (withQuery) {
      query.addAll(IndependentSigner.pairs("a", "b", "c", "d"));
    }
    List<Pair> body = List.of();
    if (method.equals("GET")) {
      query.addAll(PARAMETERS);
    } else {
      body = PARAMETERS;
    }
    String target = base + "?" + IndependentSigner.encode(query);
    if (query.isEmpty()) {
      target = base;
    }
    CallbackRequest.Builder request =
        CallbackRequest.builder(method, target)
            .header("X-Plivo-Signature-V3", signature)
            .header("X-Plivo-Signature-V3-Nonce", NONCE);
    if (method.equals("POST")) {
      request.formBody(IndependentSigner.encode(body));
    }

    assertThat(VERIFIER.verify(request.build()))
        .isEqualTo(new Verification(true, Verification.Reason.GENUINE));
    assertThat(new IndependentSigner(TOKEN).signature(method, base, query, body, NONCE))
        .as("the test signer agrees with Plivo")
        .isEqualTo(signature);
  }
}
