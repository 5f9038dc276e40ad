package dev.handoff.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakePlivoServerTest {
  private static final Credentials CREDENTIALS =
      new Credentials("MAXXXXXXXXXXXXXXXXXX", "s3cr3t-t0ken");
  private static final PhloId PHLO = PhloId.of("phlo-1");
  private static final NodeId NODE = NodeId.of("node_1");
  private static final Address U1 = Address.of("+14152223333");
  private static final Address U2 = Address.of("+14152224444");
  private static final Address SIP = Address.of("sip:agent1@phone.plivo.com");
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
  private static final String NODE_PATH = "/v1/phlo/phlo-1/multi_party_call/node_1";
  private static final String CALL_PATH =
      "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/55309cee-821d-11e4-9a73-498d468c930b/";
  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final FakePlivoServer server =
      FakePlivoServer.start(CREDENTIALS).addNode(PHLO, NODE, U1, U2, SIP).addCall(CALL);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void baseUrlIsLoopbackWithAnEphemeralPort() {
    URI url = server.baseUrl();
    assertThat(url.getScheme()).isEqualTo("http");
    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(url.getPort()).isPositive();
    assertThat(url.getPath()).isEmpty();
  }

  @Test
  void missingAuthorizationIs401BeforeRouting() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(url("/no/such/path")).GET().build());
    assertThat(response.statusCode()).isEqualTo(401);
    // Plivo's real 401 carries no api_id.
    assertThat(json(response))
        .containsExactly(Map.entry("error", "authentication credentials were not provided"));
  }

  @Test
  void wrongTokenIs401() throws Exception {
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("MAXXXXXXXXXXXXXXXXXX:other".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(url(NODE_PATH)).header("Authorization", wrong).GET().build());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response))
        .containsExactly(Map.entry("error", "authentication credentials were not provided"));
    // Recorded as what the code sent, whatever its credentials.
    assertThat(server.requests()).containsExactly(new ReadNode(PHLO, NODE));
  }

  @Test
  void unknownPathIs404WithAnEmptyObject() throws Exception {
    HttpResponse<String> response = send(get("/v1/phlo/phlo-1"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{}");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void unknownNodeIs404ForActionsAndReads() throws Exception {
    String path = "/v1/phlo/phlo-1/multi_party_call/other";
    assertThat(send(post(path, warm("+14152225555"))).statusCode()).isEqualTo(404);
    assertThat(send(get(path)).body()).isEqualTo("{}");
    assertThat(send(get(path)).statusCode()).isEqualTo(404);
    assertThat(send(post(path + "/members/+14152223333", "{\"action\":\"hold\"}")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void nodePathWithTrailingSlashIs404() throws Exception {
    assertThat(send(post(NODE_PATH + "/", warm("+14152225555"))).statusCode()).isEqualTo(404);
  }

  @Test
  void warmTransferIs201AndAddsTheTarget() throws Exception {
    HttpResponse<String> response = send(post(NODE_PATH, warm("+14152225555")));

    assertThat(response.statusCode()).isEqualTo(201);
    Map<String, Object> body = json(response);
    assertThat((String) body.get("api_id")).matches(UUID_PATTERN);
    assertThat(body.get("error")).isEqualTo("");
    assertThat(server.members(PHLO, NODE)).containsExactly(U1, U2, SIP, Address.of("+14152225555"));
  }

  @Test
  void everyApiIdIsFresh() throws Exception {
    Object first = json(send(post(NODE_PATH, warm("+14152225555")))).get("api_id");
    Object second = json(send(post(NODE_PATH, warm("+14152226666")))).get("api_id");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void coldTransferAddsTheTargetAndRemovesTheInitiator() throws Exception {
    String body =
        "{\"action\":\"cold_transfer\",\"to\":\"sip:agent2@phone.plivo.com\",\"role\":\"customer\","
            + "\"trigger_source\":\"+14152223333\"}";
    assertThat(send(post(NODE_PATH, body)).statusCode()).isEqualTo(201);
    assertThat(server.members(PHLO, NODE))
        .containsExactly(U2, SIP, Address.of("sip:agent2@phone.plivo.com"));
  }

  @Test
  void callAddsTheMember() throws Exception {
    String body =
        "{\"action\":\"call\",\"to\":\"14152227777\",\"trigger_source\":\"+14152223333\"}";
    assertThat(send(post(NODE_PATH, body)).statusCode()).isEqualTo(201);
    assertThat(server.members(PHLO, NODE)).contains(Address.of("14152227777"));
  }

  @Test
  void missingParamsAre400InPlivosWords() throws Exception {
    assertError(post(NODE_PATH, "{\"to\":\"+14152225555\"}"), 400, "action is a mandatory param.");
    assertError(
        post(NODE_PATH, "{\"action\":\"warm_transfer\",\"trigger_source\":\"+14152223333\"}"),
        400,
        "to is a mandatory param.");
    assertError(
        post(NODE_PATH, "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\"}"),
        400,
        "trigger_source is a mandatory param.");
    assertThat(server.members(PHLO, NODE)).containsExactly(U1, U2, SIP);
  }

  @Test
  void invalidValuesAre400InPlivosWords() throws Exception {
    assertError(
        post(
            NODE_PATH,
            "{\"action\":\"warm_tranfer\",\"to\":\"+14152225555\",\"trigger_source\":\"+14152223333\"}"),
        400,
        "Invalid value provided for action.");
    assertError(
        post(
            NODE_PATH,
            "{\"action\":\"call\",\"to\":\"+14152225555\",\"role\":\"boss\","
                + "\"trigger_source\":\"+14152223333\"}"),
        400,
        "Invalid value provided for role.");
    assertError(post(NODE_PATH, "not json"), 400, "Invalid JSON body.");
  }

  @Test
  void memberActionsAnswer201AndHangupRemovesTheMember() throws Exception {
    String sipPath = NODE_PATH + "/members/sip:agent1@phone.plivo.com";
    assertThat(send(post(sipPath, "{\"action\":\"hold\"}")).statusCode()).isEqualTo(201);
    assertThat(send(post(sipPath, "{\"action\":\"hangup\"}")).statusCode()).isEqualTo(201);
    assertThat(server.members(PHLO, NODE)).containsExactly(U1, U2);

    HttpResponse<String> gone = send(post(sipPath, "{\"action\":\"unhold\"}"));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).isEqualTo("{}");
  }

  @Test
  void memberPathIsDecoded() throws Exception {
    String encoded = NODE_PATH + "/members/%2B14152223333";
    assertThat(send(post(encoded, "{\"action\":\"mute\"}")).statusCode()).isEqualTo(201);
    assertThat(server.httpRequests().get(0).path()).isEqualTo(encoded);
  }

  @Test
  void badMemberActionIs400() throws Exception {
    assertError(
        post(NODE_PATH + "/members/+14152223333", "{\"action\":\"dance\"}"),
        400,
        "Invalid value provided for action.");
    assertError(
        post(NODE_PATH + "/members/+14152223333", "{}"), 400, "action is a mandatory param.");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    HttpResponse<String> member = send(get(NODE_PATH + "/members/+14152223333"));
    assertThat(member.statusCode()).isEqualTo(405);
    assertThat(json(member)).containsExactly(Map.entry("error", "method not allowed"));
    assertThat(
            send(authorized(
                    HttpRequest.newBuilder(url(CALL_PATH))
                        .method("PUT", HttpRequest.BodyPublishers.noBody())
                        .build()))
                .statusCode())
        .isEqualTo(405);
    // A GET of the call is the live-call read, which needs ?status=live.
    assertThat(send(get(CALL_PATH)).statusCode()).isEqualTo(400);
    HttpResponse<String> node =
        send(
            authorized(
                HttpRequest.newBuilder(url(NODE_PATH))
                    .method("PUT", HttpRequest.BodyPublishers.ofString(warm("+14152225555")))
                    .build()));
    assertThat(node.statusCode()).isEqualTo(405);
    assertThat(json(node)).containsExactly(Map.entry("error", "method not allowed"));
    assertThat(server.requests()).as("no Plivo request among them").isEmpty();
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test
  void readNodeDescribesTheNode() throws Exception {
    HttpResponse<String> response = send(get(NODE_PATH));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = json(response);
    assertThat((String) body.get("api_id")).matches(UUID_PATTERN);
    assertThat(body)
        .containsEntry("node_id", "node_1")
        .containsEntry("phlo_id", "phlo-1")
        .containsEntry("name", "Multi-Party Call")
        .containsEntry("node_type", "multi_party_call")
        .containsEntry("created_on", "2020-08-01 09:05:11.846982+00:00");
  }

  @Test
  void callTransferIs202() throws Exception {
    String body =
        "{\"legs\":\"both\",\"aleg_url\":\"http://aleg.url\",\"aleg_method\":\"GET\","
            + "\"bleg_url\":\"http://bleg.url\",\"bleg_method\":\"GET\"}";
    HttpResponse<String> response = send(post(CALL_PATH, body));

    assertThat(response.statusCode()).isEqualTo(202);
    Map<String, Object> answer = json(response);
    assertThat(answer.get("message")).isEqualTo("call transfered");
    assertThat((String) answer.get("api_id")).matches(UUID_PATTERN);
    // The legs Plivo moved, as live answers list them: the call itself and its B leg.
    assertThat((List<?>) answer.get("call_uuids")).hasSize(2).first().isEqualTo(CALL.value());
  }

  @Test
  void aLiveCallReadAnswersTheCallUntilItEnds() throws Exception {
    HttpResponse<String> response = send(get(CALL_PATH + "?status=live"));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> call = json(response);
    assertThat(call.get("call_uuid")).isEqualTo(CALL.value());
    assertThat(call.get("call_status")).isEqualTo("in-progress");
    assertThat(call.get("direction")).isEqualTo("inbound");
    assertThat((String) call.get("bridge_uuid")).matches(UUID_PATTERN);
    assertError(
        get(
            "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/00000000-821d-11e4-9a73-498d468c930b/?status=live"),
        404,
        "call not found");
  }

  @Test
  void callTransferOfAnUnknownCallOrAccountIs404() throws Exception {
    String body = "{\"legs\":\"aleg\",\"aleg_url\":\"http://aleg.url\"}";
    assertError(
        post("/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/00000000-821d-11e4-9a73-498d468c930b/", body),
        404,
        "not found");
    assertError(
        post("/v1/Account/SAXXXXXXXXXXXXXXXXXX/Call/55309cee-821d-11e4-9a73-498d468c930b/", body),
        404,
        "not found");
    assertThat(
            send(post(CALL_PATH.substring(0, CALL_PATH.length() - 1), body))
                .statusCode()) // no trailing slash
        .isEqualTo(404);
  }

  @Test
  void callTransferNeedsTheUrlsItsLegsNeed() throws Exception {
    assertError(post(CALL_PATH, "{}"), 400, "legs is a mandatory param.");
    assertError(
        post(CALL_PATH, "{\"legs\":\"all\",\"aleg_url\":\"http://a\"}"),
        400,
        "Invalid value provided for legs.");
    assertError(
        post(CALL_PATH, "{\"legs\":\"both\",\"aleg_url\":\"http://a\"}"),
        400,
        "bleg_url is a mandatory param.");
    assertError(
        post(CALL_PATH, "{\"legs\":\"aleg\",\"aleg_url\":\"http://a\",\"aleg_method\":\"PUT\"}"),
        400,
        "Invalid value provided for aleg_method.");
  }

  @Test
  void recordsEveryRequestAsReceived() throws Exception {
    String body = warm("+14152225555");
    send(post(NODE_PATH, body));
    send(get("/elsewhere?x=1"));

    assertThat(server.requestCount()).isEqualTo(2);
    RecordedPlivoRequest first = server.httpRequests().get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo(NODE_PATH);
    assertThat(first.body()).isEqualTo(body);
    assertThat(first.header("content-type")).isEqualTo("application/json");
    assertThat(first.header("AUTHORIZATION")).isEqualTo(basicAuth());
    assertThat(first.header("X-Absent")).isNull();
    assertThat(first.toString()).doesNotContain("Basic").doesNotContain("s3cr3t");
    RecordedPlivoRequest second = server.httpRequests().get(1);
    assertThat(second.method()).isEqualTo("GET");
    assertThat(second.path()).isEqualTo("/elsewhere?x=1");
    assertThat(second.body()).isEmpty();

    assertThat(server.takeHttpRequest()).isEqualTo(first);
    assertThat(server.takeHttpRequest()).isEqualTo(second);
  }

  @Test
  void decodesEveryPlivoRequestIntoItsTypedRequest() throws Exception {
    server.enqueue(ScriptedResponse.json(500, "{}"));
    send(post(NODE_PATH, warm("+14152225555"))); // scripted: recorded all the same
    send(post(NODE_PATH + "/members/+14152223333", "{\"action\":\"hold\"}"));
    send(get(NODE_PATH));
    send(
        post(
            CALL_PATH,
            "{\"legs\":\"aleg\",\"aleg_url\":\"https://example.com/a\",\"aleg_method\":"
                + "\"GET\"}"));
    send(post(NODE_PATH, "{\"action\":\"warm_tranfer\"}")); // answered 400: no Plivo request

    assertThat(server.requests())
        .containsExactly(
            new WarmTransfer(PHLO, NODE, U1, Address.of("+14152225555")),
            new MemberAction(PHLO, NODE, U1, MemberActionType.HOLD),
            new ReadNode(PHLO, NODE),
            new CallTransfer(
                CALL, Legs.aLeg(WebhookUrl.of("https://example.com/a", UrlMethod.GET)), null));
    assertThat(server.requestCount()).isEqualTo(5);
    assertThatThrownBy(() -> server.assertSent(server.requests().toArray(new PlivoRequest[0])))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("and 1 HTTP request(s) that were no Plivo request");
  }

  @Test
  void assertSentAndAssertNothingSentReadAsOnTheInMemoryFake() throws Exception {
    server.assertNothingSent();
    WarmTransfer warm = new WarmTransfer(PHLO, NODE, U1, Address.of("+14152225555"));
    send(post(NODE_PATH, warm("+14152225555")));

    server.assertSent(warm);
    assertThatThrownBy(() -> server.assertSent(warm, warm))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected FakePlivoServer to have received, in order:\n  1. "
                + warm
                + "\n  2. "
                + warm
                + "\nbut it received:\n  1. "
                + warm);
    assertThatThrownBy(server::assertNothingSent)
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected FakePlivoServer to have received no request, but it received:\n  1. " + warm);
  }

  @Test
  void scriptedAnswersComeFirstInOrderOncePerRequest() throws Exception {
    server
        .enqueue(
            ScriptedResponse.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "3"))
        .enqueue(ScriptedResponse.body(502, "text/html", "<html>Bad Gateway</html>"));

    HttpResponse<String> first = send(post(NODE_PATH, warm("+14152225555")));
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(first.body()).isEqualTo("{\"error\":\"slow down\"}");

    HttpResponse<String> second = send(post(NODE_PATH, warm("+14152225555")));
    assertThat(second.statusCode()).isEqualTo(502);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(second.body()).isEqualTo("<html>Bad Gateway</html>");

    assertThat(server.members(PHLO, NODE)).containsExactly(U1, U2, SIP); // scripts don't act
    assertThat(send(post(NODE_PATH, warm("+14152225555"))).statusCode()).isEqualTo(201);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void disconnectDuringBodyCutsTheAnswer() {
    server.enqueue(ScriptedResponse.disconnectDuringBody());
    assertThatThrownBy(() -> send(get(NODE_PATH))).isInstanceOf(IOException.class);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void disconnectDuringBodySendsHeadersAndPartOfTheBody() throws Exception {
    server.enqueue(ScriptedResponse.disconnectDuringBody());
    HttpResponse<InputStream> response =
        client.send(authorized(get(NODE_PATH)), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    long length = Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow());
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[1024];
      long read = 0;
      try {
        for (int n; (n = in.read(buffer)) != -1; ) {
          read += n;
        }
      } catch (IOException expected) {
        // the cut
      }
      assertThat(read).isPositive().isLessThan(length);
    }
  }

  @Test
  void resetAfterRequestReadsTheRequestAndAnswersNothing() {
    server.enqueue(ScriptedResponse.resetAfterRequest());
    assertThatThrownBy(() -> send(post(NODE_PATH, warm("+14152225555"))))
        .isInstanceOf(IOException.class);
    assertThat(server.takeHttpRequest().body()).isEqualTo(warm("+14152225555"));
  }

  @Test
  void hugeBodyIsStreamedChunkedToTheExactLength() throws Exception {
    long size = 3L * 1024 * 1024 + 7;
    server.enqueue(ScriptedResponse.hugeBody(201, size));
    HttpResponse<InputStream> response =
        client.send(authorized(get(NODE_PATH)), HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    long read = 0;
    byte[] head = new byte[0];
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (read == 0) {
          head = java.util.Arrays.copyOf(buffer, Math.min(n, 11));
        }
        read += n;
      }
    }
    assertThat(read).isEqualTo(size);
    assertThat(new String(head, StandardCharsets.UTF_8)).isEqualTo("{\"api_id\": ");
  }

  @Test
  void noAnswerNeverAnswersAndCloseDoesNotHang() throws Exception {
    server.enqueue(ScriptedResponse.noAnswer());
    CompletableFuture<HttpResponse<String>> pending =
        client.sendAsync(authorized(get(NODE_PATH)), HttpResponse.BodyHandlers.ofString());
    server.takeHttpRequest();
    assertThat(pending).isNotDone();

    server.close(); // must return although a connection is stalled

    assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void requestsRunOnTheModel() throws Exception {
    assertThat(send(post(NODE_PATH, warm("+14152225555"))).statusCode()).isEqualTo(201);

    assertThat(server.model().describe(PHLO, NODE))
        .isEqualTo(
            "+14152223333 ⇄ +14152225555 private; +14152224444 on hold;"
                + " sip:agent1@phone.plivo.com on hold");
    assertError(
        post(NODE_PATH + "/members/+14152224444", "{\"action\":\"abort_transfer\"}"),
        400,
        "No transfer in progress for +14152224444.");
    assertThat(
            send(post(NODE_PATH + "/members/+14152223333", "{\"action\":\"hangup\"}")).statusCode())
        .isEqualTo(201);
    assertThat(server.model().hears(PHLO, NODE, U2))
        .containsExactly(SIP, Address.of("+14152225555"));
  }

  @Test
  void transportFailureReadsTheRequestAndClosesWithoutAnswering() {
    server.enqueue(ScriptedResponse.transportFailure(dev.handoff.model.Delivery.NOT_SENT));
    assertThatThrownBy(() -> send(post(NODE_PATH, warm("+14152225555"))))
        .isInstanceOf(IOException.class);
    assertThat(server.takeHttpRequest().body()).isEqualTo(warm("+14152225555"));
    assertThat(server.members(PHLO, NODE)).containsExactly(U1, U2, SIP);
  }

  @Test
  void delayedAnswersStillArrive() throws Exception {
    server.enqueue(
        ScriptedResponse.json(202, "{\"api_id\":\"late\"}").delayed(Duration.ofMillis(50)));
    HttpResponse<String> response = send(get(NODE_PATH));
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"api_id\":\"late\"}");
  }

  @Test
  void closeIsIdempotentAndStopsListening() {
    server.close();
    server.close();
    assertThatThrownBy(() -> send(get(NODE_PATH))).isInstanceOf(IOException.class);
  }

  @Test
  void takeRequestFailsWhenNothingArrives() {
    // Bounded wait (10 s) rather than a hang; the test's cost is that bound.
    assertThatThrownBy(server::takeHttpRequest)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no request");
  }

  @Test
  void scriptedAnswersRejectNonsense() {
    assertThatThrownBy(() -> ScriptedResponse.json(99, "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status");
    assertThatThrownBy(() -> ScriptedResponse.hugeBody(200, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> ScriptedResponse.noAnswer().withHeader("X", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void membersOfAnUnknownNodeIsAnError() {
    assertThatThrownBy(() -> server.members(PHLO, NodeId.of("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  private void assertError(HttpRequest request, int status, String error) throws Exception {
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).isEqualTo(status);
    Map<String, Object> body = json(response);
    assertThat(body.get("error")).isEqualTo(error);
    assertThat((String) body.get("api_id")).matches(UUID_PATTERN);
  }

  private static String warm(String to) {
    return "{\"action\":\"warm_transfer\",\"to\":\""
        + to
        + "\",\"role\":\"agent\",\"trigger_source\":\"+14152223333\"}";
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create(server.baseUrl() + path);
  }

  private HttpRequest get(String path) {
    return authorized(HttpRequest.newBuilder(url(path)).GET().build());
  }

  private HttpRequest post(String path, String body) {
    return HttpRequest.newBuilder(url(path))
        .header("Authorization", basicAuth())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpRequest authorized(HttpRequest request) {
    if (request.headers().firstValue("Authorization").isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header("Authorization", basicAuth())
        .build();
  }

  private static String basicAuth() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (CREDENTIALS.authId() + ":" + CREDENTIALS.authToken())
                    .getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> response) throws IOException {
    return (Map<String, Object>)
        new Moshi.Builder().build().adapter(Object.class).fromJson(response.body());
  }
}
