package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify-signature} at the shell: Plivo's own vectors verify (exit 0, {@code
 * {"genuine":true}}), a changed byte does not (exit 5, {@code {"genuine":false}}), bad input is
 * exit 2, and the Auth Token is printed nowhere. Requests are signed here from the documented
 * string, not by the library.
 */
class VerifySignatureCommandTest {
  private static final String TOKEN = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
  private static final Map<String, String> ENV =
      Map.of("PLIVO_AUTH_ID", "MANWVLYTK4ZWU1YTY4QA", "PLIVO_AUTH_TOKEN", TOKEN);
  private static final String NONCE = "31627761595286130198";
  private static final String URL =
      "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml";
  private static final List<String> PARAMS =
      List.of(
          "Direction=outbound",
          "From=19792014278",
          "ALegUUID=3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "CallStatus=in-progress",
          "BillRate=0.002",
          "ParentAuthID=MANWVLYTK4ZWU1YTY4QA",
          "To=sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com",
          "ALegRequestUUID=3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "CallUUID=3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "RequestUUID=3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
          "SIP-H-To=<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1",
          "SessionStart=2020-04-08 11:34:33.238707",
          "Event=StartApp");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void noTokenPrinted() {
    assertThat(out.toString() + err.toString()).doesNotContain(TOKEN);
  }

  @Test
  void plivosPostAndGetVectorsAreGenuine() {
    assertThat(run(args("POST", URL + "/?a=b&c=d", "k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=")))
        .isZero();
    assertThat(run(args("GET", URL + "/?a=b&c=d", "UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=")))
        .isZero();
    assertThat(run(args("POST", URL, "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0="))).isZero();
    assertThat(run(args("get", URL, "i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc="))).isZero();
    assertThat(out.toString().split(System.lineSeparator())).containsOnly("{\"genuine\":true}");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aPortARepeatedParameterAndNonAsciiValuesVerify() {
    String base = "https://calls.example.com:8443/hold.xml";
    // Sorted by name then value, each as name+value; "?" before the body even without a query.
    String signed =
        base
            + "?"
            + "CallUUID3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"
            + "NameZoë 日本"
            + "taga"
            + "tagb"
            + "."
            + NONCE;
    String[] args = {
      "verify-signature",
      "--method",
      "POST",
      "--url",
      base,
      "--nonce",
      NONCE,
      "--signature",
      "bm90LXRoaXM=," + hmac(signed),
      "--param",
      "tag=b",
      "--param",
      "CallUUID=3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36",
      "--param",
      "tag=a",
      "--param",
      "Name=Zoë 日本"
    };
    assertThat(run(args)).as(err.toString()).isZero();
    String getSigned = base + "?Name=Zoë 日本&q=1&tag=a&tag=b." + NONCE;
    assertThat(
            run(
                "verify-signature",
                "--method",
                "GET",
                "--url",
                base + "?q=1",
                "--nonce",
                NONCE,
                "--signature",
                hmac(getSigned),
                "--param",
                "tag=b",
                "--param",
                "tag=a",
                "--param",
                "Name=Zoë 日本"))
        .as(err.toString())
        .isZero();
  }

  @Test
  void oneChangedByteIsNotGenuineWithExitFive() {
    String good = "k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=";
    assertThat(run(args("POST", URL + "/?a=b&c=e", good))).isEqualTo(5);
    assertThat(run(args("POST", URL.replace("03", "04") + "/?a=b&c=d", good))).isEqualTo(5);
    List<String> changedNonce = new ArrayList<>(List.of(args("POST", URL + "/?a=b&c=d", good)));
    changedNonce.set(changedNonce.indexOf(NONCE), NONCE.replace('3', '4'));
    assertThat(run(changedNonce.toArray(String[]::new))).isEqualTo(5);
    List<String> changedParam = new ArrayList<>(List.of(args("POST", URL + "/?a=b&c=d", good)));
    changedParam.set(changedParam.indexOf("BillRate=0.002"), "BillRate=0.003");
    assertThat(run(changedParam.toArray(String[]::new))).isEqualTo(5);
    assertThat(out.toString().split(System.lineSeparator())).containsOnly("{\"genuine\":false}");
    assertThat(err.toString()).contains("handoff: not genuine: SIGNATURE_MISMATCH");
  }

  @Test
  void badInputIsExitTwo() {
    assertThat(run(args("PUT", URL, "x"))).isEqualTo(2);
    assertThat(err.toString()).contains("--method must be GET or POST");
    assertThat(run(args("POST", "calls.example.com/hold.xml", "x"))).isEqualTo(2);
    assertThat(run(args("POST", "https://calls example.com/x", "x"))).isEqualTo(2);
    assertThat(
            run(
                "verify-signature",
                "--method",
                "POST",
                "--url",
                URL,
                "--nonce",
                NONCE,
                "--signature",
                "x",
                "--param",
                "novalue"))
        .isEqualTo(2);
    assertThat(run("verify-signature", "--method", "POST", "--url", URL, "--nonce", NONCE))
        .as("--signature missing")
        .isEqualTo(2);
    int exit =
        HandoffCli.run(
            args("POST", URL, "x"),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("PLIVO_AUTH_ID");
    assertThat(out.toString()).isEmpty();
  }

  private String[] args(String method, String url, String signature) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify-signature",
                "--method",
                method,
                "--url",
                url,
                "--nonce",
                NONCE,
                "--signature",
                signature));
    for (String param : PARAMS) {
      args.add("--param");
      args.add(param);
    }
    return args.toArray(String[]::new);
  }

  private int run(String... args) {
    return HandoffCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), ENV);
  }

  private static String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
