package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.COLD;
import static dev.handoff.vertx.Fixtures.EXPECTED_AUTHORIZATION;
import static dev.handoff.vertx.Fixtures.NODE_PATH;
import static dev.handoff.vertx.Fixtures.READ;
import static dev.handoff.vertx.Fixtures.TRANSFER;
import static dev.handoff.vertx.Fixtures.WARM;
import static dev.handoff.vertx.Fixtures.memberAction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.model.AddMember;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.Role;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bytes the Vert.x transport puts on the wire, as a loopback server receives them. */
class VertxWireTest {
  private RecordingServer server;
  private Handoff handoff;

  @BeforeEach
  void start() {
    server = RecordingServer.start();
    handoff = VertxHandoff.create(Fixtures.config(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    handoff.close();
    server.close();
  }

  @Test
  void warmTransfer() throws Exception {
    Receipt receipt = handoff.warmTransfer(WARM);

    assertThat(receipt).isEqualTo(new Receipt(201, "faad0293-f5f0-487e-8ff7-b45ba6c45b25"));
    assertJsonPost(
        NODE_PATH,
        "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void coldTransfer() throws Exception {
    handoff.coldTransfer(COLD);

    assertJsonPost(
        NODE_PATH,
        "{\"action\":\"cold_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void addMember() throws Exception {
    handoff.addMember(
        AddMember.builder()
            .phloId(Fixtures.PHLO)
            .nodeId(Fixtures.NODE)
            .triggerSource("+14152223333")
            .to("sip:agent1@phone.plivo.com")
            .role(Role.CUSTOMER)
            .build());

    assertJsonPost(
        NODE_PATH,
        "{\"action\":\"call\",\"to\":\"sip:agent1@phone.plivo.com\",\"role\":\"customer\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void memberActionOnSipAddressKeepsItUnescaped() throws Exception {
    handoff.memberAction(memberAction("sip:agent1@phone.plivo.com", MemberActionType.HOLD));

    assertJsonPost(NODE_PATH + "/members/sip:agent1@phone.plivo.com", "{\"action\":\"hold\"}");
  }

  @Test
  void memberActionOnPhoneNumberKeepsThePlus() throws Exception {
    handoff.memberAction(memberAction("+14152223333", MemberActionType.ABORT_TRANSFER));

    assertJsonPost(NODE_PATH + "/members/+14152223333", "{\"action\":\"abort_transfer\"}");
  }

  @Test
  void readNode() throws Exception {
    server.enqueue(
        200,
        "application/json",
        "{\"api_id\":\"a1\",\"node_id\":\""
            + Fixtures.NODE
            + "\",\"phlo_id\":\""
            + Fixtures.PHLO
            + "\",\"name\":\"Multi-Party Call_1\",\"node_type\":\"multi_party_call\","
            + "\"created_on\":\"2020-08-01 09:05:11.846982+00:00\"}");

    MultiPartyCallNode node = handoff.readNode(READ);

    assertThat(node.name()).isEqualTo("Multi-Party Call_1");
    assertThat(node.nodeType()).isEqualTo("multi_party_call");
    assertThat(node.createdOn()).isEqualTo(OffsetDateTime.parse("2020-08-01T09:05:11.846982Z"));
    RecordingServer.Recorded request = server.takeRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawUri()).isEqualTo(NODE_PATH);
    assertCommonHeaders(request);
    assertThat(request.header("Content-Type")).isNull();
    assertThat(request.body()).isEmpty();
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void callTransfer() throws Exception {
    server.enqueue(
        202,
        "application/json",
        "{\"message\":\"call transfered\",\"api_id\":\"08c94608-58bd-11e1-86da-adf28403fe48\"}");

    Receipt receipt = handoff.transferCall(TRANSFER);

    assertThat(receipt).isEqualTo(new Receipt(202, "08c94608-58bd-11e1-86da-adf28403fe48"));
    assertJsonPost(
        "/v1/Account/" + Fixtures.AUTH_ID + "/Call/" + Fixtures.CALL + "/",
        "{\"legs\":\"both\",\"aleg_url\":\"http://aleg.url\",\"aleg_method\":\"GET\","
            + "\"bleg_url\":\"http://bleg.url\",\"bleg_method\":\"GET\"}");
  }

  @Test
  void asyncFormSendsTheSameRequest() throws Exception {
    Receipt receipt = handoff.warmTransferAsync(WARM).get();

    assertThat(receipt.status()).isEqualTo(201);
    assertJsonPost(
        NODE_PATH,
        "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void eachBaseUrlKeepsItsOwnOriginAndPath() throws Exception {
    try (RecordingServer voiceServer = RecordingServer.start()) {
      voiceServer.enqueue(202, "application/json", "{\"api_id\":\"v1\"}");
      Handoff split =
          VertxHandoff.create(
              dev.handoff.HandoffConfig.builder(Fixtures.CREDENTIALS)
                  .phloBaseUrl(server.baseUrl() + "/phlo-base")
                  .voiceBaseUrl(voiceServer.baseUrl() + "/")
                  .retryPolicy(dev.handoff.RetryPolicy.none())
                  .build());
      try {
        split.warmTransfer(WARM);
        split.transferCall(TRANSFER);
      } finally {
        split.close();
      }

      RecordingServer.Recorded phloRequest = server.takeRequest();
      assertThat(phloRequest.rawUri()).isEqualTo("/phlo-base" + NODE_PATH);
      assertThat(phloRequest.header("Host")).isEqualTo(server.baseUrl().getAuthority());
      RecordingServer.Recorded voiceRequest = voiceServer.takeRequest();
      assertThat(voiceRequest.rawUri())
          .isEqualTo("/v1/Account/" + Fixtures.AUTH_ID + "/Call/" + Fixtures.CALL + "/");
      assertThat(voiceRequest.header("Host")).isEqualTo(voiceServer.baseUrl().getAuthority());
      assertThat(server.requestCount()).isEqualTo(1);
      assertThat(voiceServer.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void originIsWhatVertxDerivesFromTheAbsoluteUrl() {
    for (String base :
        new String[] {
          "https://phlorunner.plivo.com",
          "https://api.plivo.com:8443/some/base",
          "http://127.0.0.1:8080",
          "http://[::1]:9000/p"
        }) {
      VertxCallControl.Origin origin = VertxCallControl.Origin.of(java.net.URI.create(base));
      io.vertx.core.http.RequestOptions expected =
          new io.vertx.core.http.RequestOptions().setAbsoluteURI(base + "/v1/x");

      assertThat(origin.host()).as(base).isEqualTo(expected.getHost());
      assertThat(origin.port()).as(base).isEqualTo(expected.getPort());
      assertThat(origin.ssl()).as(base).isEqualTo(expected.isSsl());
      assertThat(origin.pathPrefix() + "v1/x").as(base).isEqualTo(expected.getURI());
    }
  }

  @Test
  void bodyBytesAreWhatVertxJsonObjectWrites() {
    java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
    body.put("action", "warm_transfer");
    body.put("quote\"back\\slash/", "tab\tnl\nnul\u0000del\u007f");
    body.put("non-ascii", "é漢字😀\u2028\u2029<>&='");
    body.put("empty", "");
    StringBuilder longValue = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      longValue.append((char) ('a' + i % 26)).append(i % 7 == 0 ? "é\u0001" : "");
    }
    body.put("long", longValue.toString());

    @SuppressWarnings("unchecked")
    JsonObject object =
        new JsonObject((java.util.Map<String, Object>) (java.util.Map<String, ?>) body);
    assertThat(VertxCallControl.json(body).getBytes()).isEqualTo(object.toBuffer().getBytes());
  }

  private void assertJsonPost(String rawPath, String compactJson) throws InterruptedException {
    RecordingServer.Recorded request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawUri()).isEqualTo(rawPath);
    assertCommonHeaders(request);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(new JsonObject(request.body())).isEqualTo(new JsonObject(compactJson));
    // Compact and in Wire's order: the same bytes as every other transport.
    assertThat(request.body()).isEqualTo(compactJson);
    assertThat(request.header("Content-Length"))
        .isEqualTo(
            String.valueOf(compactJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(server.requestCount()).isEqualTo(1);
  }

  private void assertCommonHeaders(RecordingServer.Recorded request) {
    assertThat(request.header("Authorization")).isEqualTo(EXPECTED_AUTHORIZATION);
    assertThat(request.header("User-Agent")).startsWith("handoff-java/").contains("vertx");
    assertThat(request.header("User-Agent")).doesNotContain("Vert.x-WebClient");
    assertThat(request.header("Host")).isEqualTo(server.baseUrl().getAuthority());
  }
}
