package dev.handoff.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.callbacks.CallbackRequest;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FakePlivoServer#followTransfers()}: after a call transfer the fake requests the legs' URLs
 * from an application (here a loopback MockWebServer that checks each request's signature with
 * handoff-callbacks' verifier) and runs the XML it answers into the model.
 */
class FollowTransfersTest {
  private static final Credentials CREDENTIALS =
      new Credentials("MAXXXXXXXXXXXXXXXXXX", "s3cr3t-t0ken");
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
  private static final String CALL_PATH =
      "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/55309cee-821d-11e4-9a73-498d468c930b/";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS).followTransfers();
  private final MockWebServer app = new MockWebServer();
  private final ConcurrentLinkedQueue<MockResponse> answers = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
  private final List<Boolean> genuine = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private SignatureVerifier verifier;

  @BeforeEach
  void start() throws IOException {
    plivo.model().call(CALL, Address.of("+14155550100"), Address.of("+14152223333"));
    app.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            received.add(request);
            genuine.add(verify(request));
            MockResponse answer = answers.poll();
            return answer == null ? xml("<Response><Hangup/></Response>") : answer;
          }
        });
    app.start(InetAddress.getByName("127.0.0.1"), 0);
    verifier = SignatureVerifier.builder(CREDENTIALS).publicBaseUrl(appUrl("")).build();
  }

  @AfterEach
  void stop() {
    plivo.close();
    app.close();
  }

  @Test
  void aLegPostIsSignedCarriesPlivosParametersAndEndsInTheConference() throws Exception {
    answers.add(
        xml("<Response><Speak>Please hold</Speak><Conference>queue-7</Conference></Response>"));

    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/transfer") + "\"}");
    plivo.awaitLegs(WAIT);

    assertThat(plivo.model().aLeg(CALL))
        .isEqualTo(new LegState(LegState.Kind.IN_CONFERENCE, "in conference queue-7", 1));
    assertThat(plivo.model().bLeg(CALL).kind()).isEqualTo(LegState.Kind.NOT_MOVED);
    assertThat(plivo.model().describeCall(CALL))
        .isEqualTo("A leg: in conference queue-7; B leg: not moved by a transfer");
    assertThat(received).hasSize(1);
    RecordedRequest request = received.get(0);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/transfer");
    assertThat(request.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = form(request.getBody().utf8());
    assertThat(form)
        .containsEntry("CallUUID", CALL.value())
        .containsEntry("ALegUUID", CALL.value())
        .containsEntry("ALegRequestUUID", CALL.value())
        .containsEntry("From", "+14155550100")
        .containsEntry("To", "+14152223333")
        .containsEntry("CallStatus", "in-progress")
        .containsEntry("Direction", "inbound")
        .containsEntry("Event", "Transfer");
    assertThat(genuine).containsExactly(true);
  }

  @Test
  void bothLegsGetTheirOwnXmlAndTheBLegUsesGetWithTheQuery() throws Exception {
    answers.add(xml("<Response><Play loop=\"0\">https://example.com/hold.mp3</Play></Response>"));
    answers.add(
        xml(
            "<Response><Dial callerName=\"Support\"><Number>+14152225555</Number></Dial></Response>"));

    transfer(
        "{\"legs\":\"both\",\"aleg_url\":\""
            + appUrl("/hold")
            + "\",\"aleg_method\":\"POST\",\"bleg_url\":\""
            + appUrl("/dial?team=a%20b")
            + "\",\"bleg_method\":\"GET\"}");
    plivo.awaitLegs(WAIT);

    // The two legs are fetched concurrently: which answer went where depends on arrival order.
    RecordedRequest get =
        received.stream().filter(r -> r.getMethod().equals("GET")).findFirst().get();
    assertThat(get.getTarget()).startsWith("/dial?team=a%20b&CallUUID=");
    assertThat(get.getUrl().queryParameter("Direction")).isEqualTo("outbound");
    assertThat(get.getUrl().queryParameter("ALegUUID")).isEqualTo(CALL.value());
    assertThat(get.getUrl().queryParameter("CallUUID")).isNotEqualTo(CALL.value());
    assertThat(genuine).containsExactly(true, true);
    assertThat(List.of(plivo.model().aLeg(CALL).kind(), plivo.model().bLeg(CALL).kind()))
        .containsExactlyInAnyOrder(LegState.Kind.HEARING_AUDIO, LegState.Kind.BRIDGED);
  }

  @Test
  void bLegDialIsBridged() throws Exception {
    answers.add(xml("<Response><Dial><Number>+14152225555</Number></Dial></Response>"));
    transfer("{\"legs\":\"bleg\",\"bleg_url\":\"" + appUrl("/dial") + "\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().bLeg(CALL).description())
        .isEqualTo("dialling +14152225555, then bridged");
  }

  @Test
  void invalidXmlHangsUpWithoutRetry() throws Exception {
    answers.add(xml("<Response><speak>lower case</speak></Response>"));
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/bad") + "\"}");
    plivo.awaitLegs(WAIT);
    LegState leg = plivo.model().aLeg(CALL);
    assertThat(leg.kind()).isEqualTo(LegState.Kind.HUNG_UP);
    assertThat(leg.description())
        .startsWith("hung up, the application answered invalid XML")
        .contains("<speak>");
    assertThat(received).hasSize(1);
  }

  @Test
  void notWellFormedAndDoctypeAreInvalidXml() throws Exception {
    answers.add(
        xml(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Speak>&x;</Speak></Response>"));
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/xxe") + "\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL).description())
        .isEqualTo("hung up, the application answered invalid XML (not well-formed)");
  }

  @Test
  void http500IsNotRetriedByDefaultAndHangsUp() throws Exception {
    answers.add(new MockResponse.Builder().code(500).build());
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/boom") + "\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL))
        .isEqualTo(
            new LegState(LegState.Kind.HUNG_UP, "hung up, the application answered HTTP 500", 1));
    assertThat(received).hasSize(1);
  }

  @Test
  void http500IsRetriedWhenTheFragmentSaysSo() throws Exception {
    answers.add(new MockResponse.Builder().code(500).build());
    answers.add(new MockResponse.Builder().code(503).build());
    answers.add(xml("<Response><Conference>queue-7</Conference></Response>"));
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/flaky") + "#rc=3&rp=5xx\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL))
        .isEqualTo(new LegState(LegState.Kind.IN_CONFERENCE, "in conference queue-7", 3));
    // The fragment is never sent, and every attempt is signed afresh.
    assertThat(received).extracting(RecordedRequest::getTarget).containsOnly("/flaky");
    assertThat(genuine).containsExactly(true, true, true);
  }

  @Test
  void retriesAreBoundedByRc() throws Exception {
    for (int i = 0; i < 5; i++) {
      answers.add(new MockResponse.Builder().code(500).build());
    }
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/down") + "#rc=2&rp=all\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL).description())
        .isEqualTo("hung up, the application answered HTTP 500 (3 attempts)");
    assertThat(received).hasSize(3);
  }

  @Test
  void tooSlowBeyondRtIsRetriedOnceByDefaultThenHangsUp() throws Exception {
    // Both attempts time out: the app holds its answer back far longer than rt.
    for (int i = 0; i < 2; i++) {
      answers.add(
          xml("<Response><Conference>late</Conference></Response>")
              .newBuilder()
              .headersDelay(30, java.util.concurrent.TimeUnit.SECONDS)
              .build());
    }
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/slow") + "#rt=300\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL))
        .isEqualTo(
            new LegState(
                LegState.Kind.HUNG_UP,
                "hung up, the application did not answer within rt=300 ms (2 attempts)",
                2));
  }

  @Test
  void redirectIsFollowedWithEventRedirect() throws Exception {
    answers.add(xml("<Response><Redirect method=\"GET\">/next</Redirect></Response>"));
    answers.add(
        xml("<Response><MultiPartyCall role=\"Customer\">support-42</MultiPartyCall></Response>"));
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/first") + "\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL))
        .isEqualTo(
            new LegState(
                LegState.Kind.IN_MULTI_PARTY_CALL,
                "in multi-party call support-42 as Customer",
                2));
    assertThat(received.get(1).getUrl().queryParameter("Event")).isEqualTo("Redirect");
    assertThat(genuine).containsExactly(true, true);
  }

  @Test
  void hangupAndTheEndOfTheXmlHangUp() throws Exception {
    answers.add(xml("<Response><Speak>Goodbye</Speak></Response>"));
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/bye") + "\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL).description()).isEqualTo("hung up, the XML ended");
  }

  @Test
  void unreachableUrlHangsUp() throws Exception {
    int port;
    try (MockWebServer closed = new MockWebServer()) {
      closed.start(InetAddress.getByName("127.0.0.1"), 0);
      port = closed.getPort();
    }
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"http://127.0.0.1:" + port + "/x#rc=0\"}");
    plivo.awaitLegs(WAIT);
    assertThat(plivo.model().aLeg(CALL).description())
        .isEqualTo("hung up, the application could not be reached");
  }

  @Test
  void withoutFollowUpAMovedLegIsOnlyMoved() throws Exception {
    try (FakePlivoServer quiet = FakePlivoServer.start(CREDENTIALS).addCall(CALL)) {
      HttpResponse<String> response =
          client.send(
              transferRequest(quiet, "{\"legs\":\"aleg\",\"aleg_url\":\"http://aleg.url\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(202);
      quiet.awaitLegs(Duration.ZERO);
      assertThat(quiet.model().aLeg(CALL))
          .isEqualTo(
              new LegState(
                  LegState.Kind.MOVED,
                  "moved to POST http://aleg.url, not fetched (follow-up off)",
                  0));
    }
  }

  @Test
  void awaitLegsFailsWhenAFetchIsStillRunning() throws Exception {
    answers.add(
        xml("<Response/>")
            .newBuilder()
            .headersDelay(30, java.util.concurrent.TimeUnit.SECONDS)
            .build());
    transfer("{\"legs\":\"aleg\",\"aleg_url\":\"" + appUrl("/slow") + "#rt=20000&rc=0\"}");
    assertThatThrownBy(() -> plivo.awaitLegs(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("still fetching");
    assertThat(plivo.model().aLeg(CALL).kind()).isEqualTo(LegState.Kind.FETCHING);
  }

  @Test
  void signerMatchesPlivosPublishedVectors() {
    List<Map.Entry<String, String>> params =
        List.of(
            Map.entry("Direction", "outbound"),
            Map.entry("From", "19792014278"),
            Map.entry("ALegUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"),
            Map.entry("CallStatus", "in-progress"),
            Map.entry("BillRate", "0.002"),
            Map.entry("ParentAuthID", "MANWVLYTK4ZWU1YTY4QA"),
            Map.entry(
                "To", "sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com"),
            Map.entry("ALegRequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"),
            Map.entry("CallUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"),
            Map.entry("RequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"),
            Map.entry(
                "SIP-H-To",
                "<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1"),
            Map.entry("SessionStart", "2020-04-08 11:34:33.238707"),
            Map.entry("Event", "StartApp"));
    String token = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
    String nonce = "31627761595286130198";
    String base = "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml";
    URI query = URI.create(base + "/?a=b&c=d");
    URI plain = URI.create(base);
    assertThat(PlivoCallbacks.signature(token, "POST", query, params, nonce))
        .isEqualTo("k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=");
    assertThat(PlivoCallbacks.signature(token, "GET", query, params, nonce))
        .isEqualTo("UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=");
    assertThat(PlivoCallbacks.signature(token, "POST", plain, params, nonce))
        .isEqualTo("iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=");
    assertThat(PlivoCallbacks.signature(token, "GET", plain, params, nonce))
        .isEqualTo("i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc=");
  }

  @Test
  void signedHeadersVerifyForAControllerTestAndNeverContainTheToken() {
    List<Map.Entry<String, String>> params =
        List.of(
            Map.entry("CallUUID", CALL.value()),
            Map.entry("Event", "Transfer"),
            Map.entry("To", "Zoë +1"),
            Map.entry("Event", "Transfer"));
    URI url = URI.create("https://calls.example.com:8443/transfer?x=1");
    Map<String, String> headers = PlivoCallbacks.sign(CREDENTIALS, "POST", url, params);
    assertThat(headers)
        .containsOnlyKeys(
            "X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3", "X-Plivo-Signature-V3-Nonce");
    assertThat(headers.toString()).doesNotContain(CREDENTIALS.authToken());
    Map<String, List<String>> asLists = new LinkedHashMap<>();
    headers.forEach((name, value) -> asLists.put(name, List.of(value)));
    SignatureVerifier direct = SignatureVerifier.builder(CREDENTIALS).useRequestUrl().build();
    assertThat(
            direct
                .verify(
                    CallbackRequest.post(url.toString(), asLists, PlivoCallbacks.formBody(params)))
                .genuine())
        .isTrue();
    URI getUrl = PlivoCallbacks.withQuery(url, params);
    Map<String, List<String>> getHeaders = new LinkedHashMap<>();
    PlivoCallbacks.sign(CREDENTIALS, "GET", url, params)
        .forEach((name, value) -> getHeaders.put(name, List.of(value)));
    assertThat(direct.verify(CallbackRequest.get(getUrl.toString(), getHeaders)).genuine())
        .isTrue();
    // One changed byte in the body does not verify.
    assertThat(
            direct
                .verify(
                    CallbackRequest.post(
                        url.toString(), asLists, PlivoCallbacks.formBody(params) + "x"))
                .genuine())
        .isFalse();
  }

  // ---------------------------------------------------------------- helpers

  private boolean verify(RecordedRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Headers all = request.getHeaders();
    for (String name : all.names()) {
      headers.put(name, all.values(name));
    }
    CallbackRequest callback =
        request.getMethod().equals("GET")
            ? CallbackRequest.get(request.getTarget(), headers)
            : CallbackRequest.post(request.getTarget(), headers, request.getBody().utf8());
    return verifier.verify(callback).genuine();
  }

  private static MockResponse xml(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/xml")
        .body(body)
        .build();
  }

  private String appUrl(String path) {
    return "http://127.0.0.1:" + app.getPort() + path;
  }

  private void transfer(String json) throws Exception {
    HttpResponse<String> response =
        client.send(transferRequest(plivo, json), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
  }

  private static HttpRequest transferRequest(FakePlivoServer server, String json) {
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (CREDENTIALS.authId() + ":" + CREDENTIALS.authToken())
                    .getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + CALL_PATH))
        .header("Authorization", "Basic " + auth)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (Map.Entry<String, String> pair : PlivoCallbacks.queryPairs(body)) {
      form.put(pair.getKey(), pair.getValue());
    }
    return form;
  }
}
