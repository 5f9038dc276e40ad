package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.API_ID;
import static dev.handoff.retrofit.Fixtures.AUTH_ID;
import static dev.handoff.retrofit.Fixtures.CALL_UUID;
import static dev.handoff.retrofit.Fixtures.EXPECTED_AUTHORIZATION;
import static dev.handoff.retrofit.Fixtures.NODE_ID;
import static dev.handoff.retrofit.Fixtures.PHLO_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.model.AddMember;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Address;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.Wire;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed requests, as they reach a loopback server: method, path, headers, JSON body. */
@Timeout(30)
class RetrofitWireTest {
  private static final String PHLO_PATH =
      "/v1/phlo/" + PHLO_ID.value() + "/multi_party_call/" + NODE_ID.value();

  private MockWebServer server;
  private Handoff handoff;

  @BeforeEach
  void setUp() {
    server = Fixtures.startServer();
    handoff = RetrofitHandoff.create(Fixtures.config(server.getPort()).build());
  }

  @AfterEach
  void tearDown() {
    handoff.close();
    server.close();
  }

  @Test
  void warmTransferSeed() throws Exception {
    server.enqueue(Fixtures.accepted());

    Receipt receipt =
        handoff.warmTransfer(
            WarmTransfer.builder()
                .phloId(PHLO_ID)
                .nodeId(NODE_ID)
                .triggerSource("+14152223333")
                .to("+14152225555")
                .role(Role.AGENT)
                .build());

    assertThat(receipt.apiId()).isEqualTo(API_ID);
    assertJsonPost(
        PHLO_PATH,
        "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void coldTransferSeed() throws Exception {
    server.enqueue(Fixtures.accepted());

    handoff.coldTransfer(
        ColdTransfer.builder()
            .phloId(PHLO_ID)
            .nodeId(NODE_ID)
            .triggerSource("+14152223333")
            .to("+14152225555")
            .build());

    assertJsonPost(
        PHLO_PATH,
        "{\"action\":\"cold_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void addMember() throws Exception {
    server.enqueue(Fixtures.accepted());

    handoff.addMember(
        new AddMember(
            PHLO_ID,
            NODE_ID,
            Address.of("+14152223333"),
            Address.of("sip:agent1@phone.plivo.com")));

    assertJsonPost(
        PHLO_PATH,
        "{\"action\":\"call\",\"to\":\"sip:agent1@phone.plivo.com\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
  }

  @Test
  void memberActionOnSipAddressKeepsItUnescaped() throws Exception {
    server.enqueue(Fixtures.accepted());
    MemberAction action =
        new MemberAction(
            PHLO_ID, NODE_ID, Address.of("sip:agent1@phone.plivo.com"), MemberActionType.HOLD);

    handoff.memberAction(action);

    RecordedRequest request =
        assertJsonPost(PHLO_PATH + "/members/sip:agent1@phone.plivo.com", "{\"action\":\"hold\"}");
    assertThat(request.getTarget()).isEqualTo("/" + Wire.memberPath(action));
  }

  @Test
  void memberActionOnPhoneNumberKeepsThePlus() throws Exception {
    server.enqueue(Fixtures.accepted());
    MemberAction action =
        new MemberAction(
            PHLO_ID, NODE_ID, Address.of("+14152223333"), MemberActionType.ABORT_TRANSFER);

    handoff.memberActionAsync(action).get(5, TimeUnit.SECONDS);

    RecordedRequest request =
        assertJsonPost(PHLO_PATH + "/members/+14152223333", "{\"action\":\"abort_transfer\"}");
    assertThat(request.getTarget()).isEqualTo("/" + Wire.memberPath(action));
  }

  @Test
  void readNode() throws Exception {
    server.enqueue(
        Fixtures.json(
            200,
            "{\"api_id\":\""
                + API_ID
                + "\",\"node_id\":\""
                + NODE_ID.value()
                + "\",\"phlo_id\":\""
                + PHLO_ID.value()
                + "\",\"name\":\"Multi-Party Call_1\",\"node_type\":\"multi_party_call\","
                + "\"created_on\":\"2020-08-01 09:05:11.846982+00:00\"}"));

    MultiPartyCallNode node = handoff.readNode(new ReadNode(PHLO_ID, NODE_ID));

    assertThat(node.name()).isEqualTo("Multi-Party Call_1");
    assertThat(node.nodeType()).isEqualTo("multi_party_call");
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo(PHLO_PATH);
    assertCommonHeaders(request);
    assertThat(request.getHeaders().get("Content-Type")).isNull();
    assertThat(request.getBodySize()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void callTransferSeed() throws Exception {
    server.enqueue(
        Fixtures.json(202, "{\"message\":\"call transfered\",\"api_id\":\"" + API_ID + "\"}"));

    Receipt receipt =
        handoff.transferCall(
            new CallTransfer(
                CALL_UUID,
                Legs.both(
                    WebhookUrl.of("http://aleg.url", UrlMethod.GET),
                    WebhookUrl.of("http://bleg.url", UrlMethod.GET))));

    assertThat(receipt.status()).isEqualTo(202);
    assertThat(receipt.apiId()).isEqualTo(API_ID);
    RecordedRequest request =
        assertJsonPost(
            "/v1/Account/" + AUTH_ID + "/Call/" + CALL_UUID.value() + "/",
            "{\"legs\":\"both\",\"aleg_url\":\"http://aleg.url\",\"aleg_method\":\"GET\","
                + "\"bleg_url\":\"http://bleg.url\",\"bleg_method\":\"GET\"}");
    assertThat(request.getTarget()).isEqualTo("/" + Wire.callPath(AUTH_ID, CALL_UUID));
  }

  /** Asserts the one request the server got: a POST of exactly {@code expectedJson}. */
  private RecordedRequest assertJsonPost(String expectedPath, String expectedJson)
      throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo(expectedPath);
    assertCommonHeaders(request);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    String body = request.getBody().string(StandardCharsets.UTF_8);
    assertThat(Fixtures.parseJson(body)).containsExactlyEntriesOf(Fixtures.parseJson(expectedJson));
    // Compact JSON in Wire's order: what every transport must put on the wire, byte for byte.
    assertThat(body).isEqualTo(expectedJson);
    assertThat(server.getRequestCount()).isEqualTo(1);
    return request;
  }

  private static void assertCommonHeaders(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isEqualTo(EXPECTED_AUTHORIZATION);
    assertThat(request.getHeaders().get("User-Agent"))
        .startsWith("handoff-java/")
        .contains("retrofit");
  }
}
