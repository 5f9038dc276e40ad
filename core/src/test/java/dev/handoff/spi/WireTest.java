package dev.handoff.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class WireTest {
  private static final String AUTH_ID = "MAODU5ZTLKNDK2MTQ2MD";
  private static final String TOKEN = "ZjA2Yjg1NGU5NDgzNzI1ODEzZTk0ZmRiMTY1MTQy";
  private static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  private static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");

  private static final java.util.function.Function<PlivoRequest, Wire> WIRES =
      Wire.describer(HandoffConfig.of(new Credentials(AUTH_ID, TOKEN)), "test");
  private static final ReadNode READ = new ReadNode(PHLO, NODE);
  private static final MemberAction HOLD =
      new MemberAction(PHLO, NODE, Address.of("+14152223333"), MemberActionType.HOLD);
  private static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId(PHLO)
          .nodeId(NODE)
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();

  private static String path(PlivoRequest request) {
    return WIRES.apply(request).path();
  }

  private static @Nullable Map<String, String> body(PlivoRequest request) {
    return WIRES.apply(request).body();
  }

  /** A wire request whose operation is {@code operation}, for the failure factories. */
  private static Wire wire(String operation) {
    PlivoRequest request =
        switch (operation) {
          case "hold" -> HOLD;
          case "read_node" -> READ;
          default -> WARM;
        };
    Wire wire = WIRES.apply(request);
    assertThat(wire.operation()).isEqualTo(operation);
    return wire;
  }

  @Test
  void eachRequestHasItsMethodBaseUrlHeadersAndContentType() {
    Wire read = WIRES.apply(READ);
    assertThat(read.method()).isEqualTo(Wire.Method.GET);
    assertThat(read.base()).isEqualTo(Wire.Base.PHLO);
    assertThat(read.baseUrl()).isEqualTo(HandoffConfig.DEFAULT_PHLO_BASE_URL);
    assertThat(read.body()).isNull();
    assertThat(read.contentType()).isNull();
    assertThat(read.request()).isSameAs(READ);
    assertThat(read.uri())
        .hasToString(
            "https://phlorunner.plivo.com/v1/phlo/4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10/"
                + "multi_party_call/9a2c3b1e-0c1d-4e5f-8a9b-112233445566");

    for (PlivoRequest request : List.of(WARM, HOLD)) {
      Wire post = WIRES.apply(request);
      assertThat(post.method()).isEqualTo(Wire.Method.POST);
      assertThat(post.base()).isEqualTo(Wire.Base.PHLO);
      assertThat(post.contentType()).isEqualTo("application/json");
    }
    Wire transfer =
        WIRES.apply(new CallTransfer(CALL, Legs.aLeg(WebhookUrl.of("https://example.com/a.xml"))));
    assertThat(transfer.method()).isEqualTo(Wire.Method.POST);
    assertThat(transfer.base()).isEqualTo(Wire.Base.VOICE);
    assertThat(transfer.baseUrl()).isEqualTo(HandoffConfig.DEFAULT_VOICE_BASE_URL);

    assertThat(read.headers())
        .containsExactly(
            entry("Host", "phlorunner.plivo.com"),
            entry("Authorization", WireFormat.basicAuth(new Credentials(AUTH_ID, TOKEN))),
            entry("User-Agent", WireFormat.userAgent("test")),
            entry("Accept-Encoding", "identity"))
        .isSameAs(WIRES.apply(WARM).headers());
    assertThat(transfer.headers())
        .containsExactly(
            entry("Host", "api.plivo.com"),
            entry("Authorization", WireFormat.basicAuth(new Credentials(AUTH_ID, TOKEN))),
            entry("User-Agent", WireFormat.userAgent("test")),
            entry("Accept-Encoding", "identity"));
    assertThat(read.toString()).doesNotContain("Basic", TOKEN).contains("GET", "PHLO");
  }

  @Test
  void headersAndBodiesAreUnmodifiable() {
    Wire warm = WIRES.apply(WARM);
    assertThat(catchThrowable(() -> warm.headers().put("X", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(catchThrowable(() -> warm.body().put("X", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // Seeds 000-003: POST https://phlorunner.plivo.com/v1/phlo/{phlo_id}/multi_party_call/{node_id}
  @Test
  void nodePathIsTheSeedsPathWithoutTrailingSlash() {
    assertThat(path(new ReadNode(PHLO, NODE)))
        .isEqualTo(
            "v1/phlo/4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10/multi_party_call/"
                + "9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
    assertThat("https://phlorunner.plivo.com/" + path(new ReadNode(PhloId.of("p"), NodeId.of("n"))))
        .isEqualTo("https://phlorunner.plivo.com/v1/phlo/p/multi_party_call/n");
  }

  @Test
  void memberPathKeepsPhoneNumbersAndSipAddressesUnescaped() {
    MemberAction phone =
        new MemberAction(
            PhloId.of("p"), NodeId.of("n"), Address.of("+14152223333"), MemberActionType.HOLD);
    assertThat(path(phone)).isEqualTo("v1/phlo/p/multi_party_call/n/members/+14152223333");
    MemberAction sip =
        new MemberAction(
            PhloId.of("p"),
            NodeId.of("n"),
            Address.of("sip:agent1@phone.plivo.com:5060"),
            MemberActionType.HANGUP);
    assertThat(path(sip))
        .isEqualTo("v1/phlo/p/multi_party_call/n/members/sip:agent1@phone.plivo.com:5060");
  }

  // Seed 004: POST https://api.plivo.com/v1/Account/{auth_id}/Call/{call_uuid}/
  @Test
  void callPathKeepsItsTrailingSlash() {
    assertThat(path(new CallTransfer(CALL, Legs.aLeg(WebhookUrl.of("https://example.com/a.xml")))))
        .isEqualTo("v1/Account/MAODU5ZTLKNDK2MTQ2MD/Call/55309cee-821d-11e4-9a73-498d468c930b/");
  }

  @Test
  void pathSegmentKeepsUnreservedAndPlusColonAt() {
    String plain = "ABCXYZabcxyz0189-._~+:@";
    assertThat(WireFormat.pathSegment(plain)).isSameAs(plain);
    assertThat(WireFormat.pathSegment("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "a b|a%20b",
        "a/b|a%2Fb",
        "..|..",
        "../x|..%2Fx",
        "a?b|a%3Fb",
        "a#b|a%23b",
        "100%|100%25",
        "%2F|%252F",
        "a;b=c|a%3Bb%3Dc",
        "a&b|a%26b",
        "'a,b'|a%2Cb",
        "\\|%5C",
        "é|%C3%A9",
        "€|%E2%82%AC",
        "😀|%F0%9F%98%80",
        "+1 (415)|+1%20%28415%29"
      })
  void pathSegmentPercentEncodesEverythingElseAsUtf8(String raw, String encoded) {
    assertThat(WireFormat.pathSegment(raw)).isEqualTo(encoded);
  }

  @Test
  void pathSegmentEncodesControlCharacters() {
    assertThat(WireFormat.pathSegment("a\r\nb\u0000")).isEqualTo("a%0D%0Ab%00");
  }

  @Test
  void nodeActionBodyMatchesTheSeedFieldByFieldInOrder() {
    WarmTransfer warm =
        WarmTransfer.builder()
            .phloId(PHLO)
            .nodeId(NODE)
            .triggerSource("+14152223333")
            .to("+14152225555")
            .build();
    assertThat(body(warm))
        .containsExactly(
            entry("action", "warm_transfer"),
            entry("to", "+14152225555"),
            entry("role", "agent"),
            entry("trigger_source", "+14152223333"));

    ColdTransfer cold =
        new ColdTransfer(
            PHLO,
            NODE,
            Address.of("sip:agent1@phone.plivo.com"),
            Address.of("14152225555"),
            Role.CUSTOMER);
    assertThat(body(cold))
        .containsExactly(
            entry("action", "cold_transfer"),
            entry("to", "14152225555"),
            entry("role", "customer"),
            entry("trigger_source", "sip:agent1@phone.plivo.com"));

    assertThat(
            body(
                dev.handoff.model.AddMember.builder()
                    .phloId(PHLO)
                    .nodeId(NODE)
                    .triggerSource("+14152223333")
                    .to("+14152225555")
                    .build()))
        .containsEntry("action", "call");
  }

  @ParameterizedTest
  @EnumSource(MemberActionType.class)
  void memberActionBodyIsTheActionAlone(MemberActionType type) {
    MemberAction action = new MemberAction(PHLO, NODE, Address.of("+14152223333"), type);
    assertThat(body(action)).containsExactly(entry("action", type.wireValue()));
  }

  @Test
  void callTransferBodyOfTheSeed() {
    CallTransfer transfer =
        new CallTransfer(
            CALL,
            Legs.both(
                WebhookUrl.of("http://aleg.url", UrlMethod.GET),
                WebhookUrl.of("http://bleg.url", UrlMethod.GET)));
    assertThat(body(transfer))
        .containsExactly(
            entry("legs", "both"),
            entry("aleg_url", "http://aleg.url"),
            entry("aleg_method", "GET"),
            entry("bleg_url", "http://bleg.url"),
            entry("bleg_method", "GET"));
  }

  @Test
  void callTransferBodySendsOnlyTheLegsThatMoveWithTheirMethod() {
    assertThat(body(new CallTransfer(CALL, Legs.aLeg(WebhookUrl.of("https://example.com/a.xml")))))
        .containsExactly(
            entry("legs", "aleg"),
            entry("aleg_url", "https://example.com/a.xml"),
            entry("aleg_method", "POST"));
    assertThat(
            body(
                new CallTransfer(
                    CALL,
                    Legs.bLeg(
                        WebhookUrl.of("https://example.com/b.xml?x=1&y=%20", UrlMethod.GET)))))
        .containsExactly(
            entry("legs", "bleg"),
            entry("bleg_url", "https://example.com/b.xml?x=1&y=%20"),
            entry("bleg_method", "GET"));
  }

  @Test
  void callTransferBodyEndsWithTheCallbackWhenSet() {
    CallTransfer transfer =
        new CallTransfer(
            CALL,
            Legs.both(
                WebhookUrl.of("https://example.com/a.xml"),
                WebhookUrl.of("https://example.com/b.xml", UrlMethod.GET)),
            WebhookUrl.of("https://example.com/done", UrlMethod.GET));
    assertThat(body(transfer))
        .containsExactly(
            entry("legs", "both"),
            entry("aleg_url", "https://example.com/a.xml"),
            entry("aleg_method", "POST"),
            entry("bleg_url", "https://example.com/b.xml"),
            entry("bleg_method", "GET"),
            entry("callback_url", "https://example.com/done"),
            entry("callback_method", "GET"));
    assertThat(
            body(
                new CallTransfer(
                    CALL,
                    Legs.aLeg(WebhookUrl.of("https://example.com/a.xml")),
                    WebhookUrl.of("https://example.com/done"))))
        .containsExactly(
            entry("legs", "aleg"),
            entry("aleg_url", "https://example.com/a.xml"),
            entry("aleg_method", "POST"),
            entry("callback_url", "https://example.com/done"),
            entry("callback_method", "POST"));
  }

  @Test
  void userAgentCarriesTheMavenProjectVersion() {
    String expected = System.getProperty("handoff.expectedVersion");
    assertThat(expected)
        .as("surefire passes the project version (run through Maven)")
        .isNotBlank()
        .doesNotContain("${");
    assertThat(Handoff.version()).isEqualTo(expected).doesNotContain("${").isNotEqualTo("dev");
    assertThat(WireFormat.userAgent("x"))
        .isEqualTo(
            "handoff-java/" + expected + " (x; Java " + System.getProperty("java.version") + ")")
        .matches("handoff-java/[0-9][^ ]* \\(x; Java [0-9][^ ]*\\)");
  }

  @Test
  void basicAuthIsBase64OfIdColonToken() {
    String header = WireFormat.basicAuth(new Credentials(AUTH_ID, TOKEN));
    assertThat(header)
        .isEqualTo(
            "Basic TUFPRFU1WlRMS05ESzJNVFEyTUQ6WmpBMllqZzFOR1U1TkRnek56STFPREV6WlRrMFptUmlNVFkxTVRReQ==");
    assertThat(new String(Base64.getDecoder().decode(header.substring(6))))
        .isEqualTo(AUTH_ID + ":" + TOKEN);
  }

  @Test
  void jsonContentTypeAndAnswerLimit() {
    assertThat(Wire.JSON_CONTENT_TYPE).isEqualTo("application/json");
    assertThat(Wire.MAX_RESPONSE_BYTES).isEqualTo(1024 * 1024);
  }

  @Test
  void connectFailuresAreNotSent() {
    assertNotSent(new ConnectException("Connection refused"));
    assertNotSent(new UnknownHostException("phlorunner.plivo.com"));
    assertNotSent(new NoRouteToHostException("No route to host"));
    assertNotSent(new java.net.PortUnreachableException("unreachable"));
    assertNotSent(new SocketTimeoutException("Connect timed out"));
    assertNotSent(new SocketTimeoutException("connect timed out"));
  }

  @Test
  void connectFailuresNestedAsCausesAreNotSent() {
    assertNotSent(new IOException("failed", new ConnectException("Connection refused")));
    assertNotSent(
        new CompletionException(
            new ExecutionException(new UnknownHostException("phlorunner.plivo.com"))));
    assertNotSent(new RuntimeException(new SocketTimeoutException("connect timed out")));
  }

  @Test
  void aTransportThatKnowsNothingLeftSaysSo() {
    TransportFailureException failure =
        wire("hold").failure(new IOException("reset"), Delivery.NOT_SENT);
    assertThat(failure.delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(failure)
        .hasMessage("hold was not sent: could not connect to Plivo (IOException: reset)");
  }

  @Test
  void everythingElseMayHaveTakenEffect() {
    IOException reset = new IOException("reset");
    TransportFailureException failure = wire("warm_transfer").failure(reset, Delivery.UNKNOWN);
    assertThat(failure.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(failure.getCause()).isSameAs(reset);
    assertThat(failure)
        .hasMessage(
            "warm transfer got no usable answer (IOException: reset); the outcome is unknown: Plivo may have performed it");

    assertUnknown(new SocketTimeoutException("Read timed out"));
    assertUnknown(new SocketTimeoutException("timeout"));
    assertUnknown(new SocketTimeoutException());
    assertUnknown(new InterruptedIOException("timeout"));
    assertUnknown(new java.net.SocketException("Connection reset"));
    assertUnknown(new IllegalStateException("boom"));
  }

  @Test
  void failureMessagesAreSanitisedAndCarryNoCredentials() {
    TransportFailureException failure =
        wire("hold")
            .failure(new IOException("line1\r\nline2 " + "x".repeat(300)), Delivery.UNKNOWN);
    assertThat(failure.getMessage())
        .contains("line1\\r\\nline2")
        .doesNotContain("\r", "\n", "x".repeat(201), TOKEN, "Basic ");
    assertThat(wire("hold").failure(new IOException(), Delivery.UNKNOWN))
        .hasMessage(
            "hold got no usable answer (IOException); the outcome is unknown: Plivo may have performed it");
  }

  @Test
  void credentialsACauseQuotesAreMaskedBeforeTheMessageIsCut() {
    String basic =
        Base64.getEncoder()
            .encodeToString((AUTH_ID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    // The token straddles the 200-character cut: masked first, no part of it is left.
    String padding = "x".repeat(200 - 10);
    TransportFailureException failure =
        wire("hold")
            .failure(
                new ProtocolException(padding + TOKEN + " " + TOKEN.toLowerCase(Locale.ROOT)),
                Delivery.UNKNOWN);
    assertThat(failure.getMessage()).doesNotContain(TOKEN.substring(0, 10)).contains("x****");

    TransportFailureException echoed =
        wire("hold")
            .failure(
                new ProtocolException("Unexpected status line: " + basic + " 401"),
                Delivery.UNKNOWN);
    assertThat(echoed)
        .hasMessage(
            "hold got no usable answer (ProtocolException: Unexpected status line: **** 401);"
                + " the outcome is unknown: Plivo may have performed it");
  }

  @Test
  void answerTooLargeIsUnknown() {
    TransportFailureException failure = wire("read_node").responseTooLarge(200);
    assertThat(failure.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(failure)
        .hasMessage(
            "read node got an answer (HTTP 200) larger than 1048576 bytes, which was not read;"
                + " a read changes nothing, so it is safe to send again");
    assertThat(failure.mayHaveTakenEffect()).isFalse();
    assertThat(failure.isSafeToResend()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://phlorunner.plivo.com | https://phlorunner.plivo.com",
        "HTTPS://Proxy.Example:443/plivo/ | https://proxy.example/plivo",
        "http://127.0.0.1:80/a | http://127.0.0.1/a",
        "http://127.0.0.1:8080/a | http://127.0.0.1:8080/a",
        "https://proxy.example/pr\u00fcfung/\u00fc | https://proxy.example/pr%C3%BCfung/%C3%BC",
        "https://proxy.example/\u00e4%C3%A4/%7euser | https://proxy.example/%C3%A4%C3%A4/%7euser",
        "https://proxy.example/\ud83d\ude00 | https://proxy.example/%F0%9F%98%80",
        "https://proxy.example/a/./b/../c/%2e%2E/d | https://proxy.example/a/d",
        "https://proxy.example/a/b/.. | https://proxy.example/a",
        "https://proxy.example/../x/. | https://proxy.example/x",
        "https://proxy.example/a/.%2E/b/%2E./c/%2e | https://proxy.example/c",
        "https://proxy.example/a//b/.../.x | https://proxy.example/a//b/.../.x",
        "https://[::1]:8443/a | https://[::1]:8443/a",
      })
  void baseUrlsAreCanonical(String configured, String canonical) {
    HandoffConfig config =
        HandoffConfig.builder(new Credentials(AUTH_ID, TOKEN))
            .phloBaseUrl(java.net.URI.create(configured))
            .voiceBaseUrl(java.net.URI.create(configured))
            .build();
    assertThat(Wire.Base.PHLO.url(config)).hasToString(canonical);
    assertThat(Wire.Base.VOICE.url(config)).hasToString(canonical);
    Wire read = Wire.describer(config, "test").apply(READ);
    assertThat(read.baseUrl()).hasToString(canonical);
    java.net.URI url = java.net.URI.create(canonical);
    assertThat(read.headers().get("Host"))
        .isEqualTo(url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort());
  }

  @Test
  void retryAfterIsTheOneValueOrNone() {
    assertThat(Wire.retryAfter(List.of())).isNull();
    assertThat(Wire.retryAfter(List.of("120"))).isEqualTo("120");
    assertThat(Wire.retryAfter(List.of("0", "120"))).isNull();
    assertThat(Wire.retryAfter(List.of("0", "0"))).isNull();
  }

  @Test
  void contentLengthIsUsableOnlyOnceAndAsDigits() {
    assertThat(Wire.hasUsableContentLength(List.of())).isTrue();
    assertThat(Wire.hasUsableContentLength(List.of("0"))).isTrue();
    assertThat(Wire.hasUsableContentLength(List.of(" 42 "))).isTrue();
    assertThat(Wire.hasUsableContentLength(List.of("9".repeat(18)))).isTrue();
    assertThat(Wire.hasUsableContentLength(List.of("9".repeat(19)))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of("42", "42"))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of("42", "52"))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of("42, 42"))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of("+42"))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of("-1"))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of(""))).isFalse();
    assertThat(Wire.hasUsableContentLength(List.of("\u0664\u0662"))).isFalse(); // Arabic digits
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "7b2261223a2262227d | true", // {"a":"b"}
        "7b2261223a225c22225d | true", // {"a":"\""] (grammar is the parser's)
        "7b2261223a22c3a9227d | true", // é
        "7b2261223a22f09f9880227d | true", // U+1F600
        "7b2261223a22e282ac227d | true", // €
        "efbbbf7b7d | false", // byte order mark
        "7b2261223a226101627d | false", // raw U+0001 in a string
        "7b2261223a226109627d | false", // raw tab in a string
        "7b2261223a22610a627d | false", // raw line feed in a string
        "7b0a09226122203a202262220d0a7d | true", // white space between tokens
        "7b2261223a22c328227d | false", // C3 28: not UTF-8
        "7b2261223a22c0af227d | false", // overlong '/'
        "7b2261223a22eda080227d | false", // a surrogate, encoded
        "7b2261223a22f4908080227d | false", // above U+10FFFF
        "7b2261223a22e282227d | false", // cut short
        "7b2261223a22ff227d | false", // never UTF-8
        "7b2261223a225c5c227d | true", // an escaped backslash ends the escape
        "7b225c5c223a2261017d | false", // {"\\":"a<01>} : the string after the escape
      })
  void jsonCandidatesMeetWhatParsersDoNotAllCheck(String hex, boolean candidate) {
    byte[] bytes = java.util.HexFormat.of().parseHex(hex);
    assertThat(Wire.isJsonCandidate(bytes, 0, bytes.length)).as(hex).isEqualTo(candidate);
    byte[] padded = new byte[bytes.length + 4];
    System.arraycopy(bytes, 0, padded, 2, bytes.length);
    assertThat(Wire.isJsonCandidate(padded, 2, bytes.length))
        .as("at an offset")
        .isEqualTo(candidate);
  }

  @Test
  void jsonCandidatesNestAtMost32Deep() {
    assertThat(candidate("{\"x\":" + "[".repeat(31) + "]".repeat(31) + "}")).isTrue();
    assertThat(candidate("{\"x\":" + "[".repeat(32) + "]".repeat(32) + "}")).isFalse();
    // Brackets inside strings do not nest.
    assertThat(candidate("{\"x\":\"" + "[".repeat(40) + "\"}")).isTrue();
    assertThat(catchThrowable(() -> Wire.isJsonCandidate(new byte[2], 1, 2)))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static boolean candidate(String json) {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Wire.isJsonCandidate(bytes, 0, bytes.length);
  }

  private static void assertNotSent(Throwable cause) {
    TransportFailureException failure = wire("warm_transfer").failure(cause, Delivery.UNKNOWN);
    assertThat(failure.delivery()).as(cause.toString()).isEqualTo(Delivery.NOT_SENT);
    assertThat(failure.getCause()).isSameAs(cause);
    assertThat(failure.getMessage()).startsWith("warm transfer was not sent");
  }

  private static void assertUnknown(Throwable cause) {
    assertThat(wire("warm_transfer").failure(cause, Delivery.UNKNOWN).delivery())
        .as(cause.toString())
        .isEqualTo(Delivery.UNKNOWN);
  }

  @Test
  void everyRequestHasAMethodAndAUriTemplateWithoutItsValues() {
    ReadLiveCall live =
        new ReadLiveCall(dev.handoff.model.CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"));
    assertThat(Wire.uriTemplate(live)).isEqualTo("/v1/Account/{auth_id}/Call/{call_uuid}/");
    assertThat(Wire.method(live)).isEqualTo(Wire.Method.GET);
    assertThat(Wire.uriTemplate(READ)).isEqualTo("/v1/phlo/{phlo_id}/multi_party_call/{node_id}");
    assertThat(Wire.method(READ)).isEqualTo(Wire.Method.GET);
    assertThat(Wire.uriTemplate(HOLD))
        .isEqualTo("/v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}");
    assertThat(Wire.method(HOLD)).isEqualTo(Wire.Method.POST);
    assertThat(Wire.uriTemplate(WARM)).isEqualTo(Wire.uriTemplate(READ));
    for (PlivoRequest request : List.<PlivoRequest>of(live, READ, HOLD, WARM)) {
      assertThat(Wire.method(request)).isEqualTo(WIRES.apply(request).method());
    }
  }
}
