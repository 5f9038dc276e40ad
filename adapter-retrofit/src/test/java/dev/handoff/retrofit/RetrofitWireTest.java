package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.AUTH_ID;
import static dev.handoff.retrofit.Fixtures.CALL_UUID;
import static dev.handoff.retrofit.Fixtures.EXPECTED_AUTHORIZATION;
import static dev.handoff.retrofit.Fixtures.NODE_ID;
import static dev.handoff.retrofit.Fixtures.PHLO_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the wire contract does not look at: the exact bytes of a request (every header line in
 * order, the body byte for byte), each {@code Wire.Base} reaching its own base URL and path, and
 * the header cache following the header map it was made from. The requests, one per kind, are the
 * wire contract's ({@code RetrofitWireContractTest}).
 */
@Timeout(30)
class RetrofitWireTest {
  private static final String NODE_PATH =
      "/v1/phlo/" + PHLO_ID.value() + "/multi_party_call/" + NODE_ID.value();

  private MockWebServer server;
  private HandoffConfig config;
  private Function<PlivoRequest, Wire> wires;
  private CallControl callControl;

  @BeforeEach
  void setUp() {
    server = Fixtures.startServer();
    config = Fixtures.config(server.getPort()).build();
    wires = Fixtures.wires(config);
    callControl =
        DaggerRetrofitComponent.factory().create(config, ApplicationClient.NONE).callControl();
  }

  @AfterEach
  void tearDown() {
    callControl.close();
    server.close();
  }

  @Test
  void postIsExactlyTheWiresHeadAndItsBodyByteForByte() throws Exception {
    server.enqueue(Fixtures.accepted());

    callControl.send(wires.apply(Fixtures.warmTransfer())).get(5, TimeUnit.SECONDS);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    String body =
        "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}";
    assertThat(request.getRequestLine()).isEqualTo("POST " + NODE_PATH + " HTTP/1.1");
    // Exactly Wire's head: no Connection or Accept-Encoding of OkHttp's own.
    assertThat(lines(request.getHeaders()))
        .containsExactly(
            "Host: 127.0.0.1:" + server.getPort(),
            "Authorization: " + EXPECTED_AUTHORIZATION,
            "User-Agent: " + userAgent(),
            "Accept-Encoding: identity",
            // Exactly application/json: neither Retrofit's Moshi converter's nor OkHttp's charset.
            "Content-Type: application/json",
            "Content-Length: " + body.length());
    // Compact JSON in Wire's order: what every transport must put on the wire, byte for byte.
    assertThat(request.getBody().string(StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void getHasNeitherBodyNorContentType() throws Exception {
    server.enqueue(Fixtures.json(200, "{}"));

    callControl
        .sendBlocking(wires.apply(new ReadNode(PHLO_ID, NODE_ID)), new CompletableFuture<>())
        .status();

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getRequestLine()).isEqualTo("GET " + NODE_PATH + " HTTP/1.1");
    assertThat(lines(request.getHeaders()))
        .containsExactly(
            "Host: 127.0.0.1:" + server.getPort(),
            "Authorization: " + EXPECTED_AUTHORIZATION,
            "User-Agent: " + userAgent(),
            "Accept-Encoding: identity");
    assertThat(request.getBodySize()).isZero();
  }

  @Test
  void eachBaseGoesToItsOwnBaseUrlAndPath() throws Exception {
    try (MockWebServer voiceServer = Fixtures.startServer()) {
      server.enqueue(Fixtures.accepted());
      voiceServer.enqueue(Fixtures.json(202, "{\"api_id\":\"v1\"}"));
      HandoffConfig split =
          Fixtures.config(server.getPort())
              .phloBaseUrl(Fixtures.baseUrl(server.getPort()) + "/phlo-base")
              .voiceBaseUrl(Fixtures.baseUrl(voiceServer.getPort()) + "/")
              .build();
      Function<PlivoRequest, Wire> splitWires = Fixtures.wires(split);
      try (CallControl splitControl =
          DaggerRetrofitComponent.factory().create(split, ApplicationClient.NONE).callControl()) {
        splitControl.send(splitWires.apply(Fixtures.warmTransfer())).get(5, TimeUnit.SECONDS);
        splitControl
            .send(
                splitWires.apply(
                    new CallTransfer(CALL_UUID, Legs.aLeg(WebhookUrl.of("http://aleg.url")))))
            .get(5, TimeUnit.SECONDS);
      }

      RecordedRequest phlo = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(phlo.getTarget()).isEqualTo("/phlo-base" + NODE_PATH);
      assertThat(phlo.getHeaders().get("Host")).isEqualTo("127.0.0.1:" + server.getPort());
      RecordedRequest voice = voiceServer.takeRequest(5, TimeUnit.SECONDS);
      assertThat(voice.getTarget())
          .isEqualTo("/v1/Account/" + AUTH_ID + "/Call/" + CALL_UUID.value() + "/");
      assertThat(voice.getHeaders().get("Host")).isEqualTo("127.0.0.1:" + voiceServer.getPort());
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(voiceServer.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void headersFollowTheWiresHeaderMapNotTheFirstOneSeen() throws Exception {
    // The transport caches Wire.headers()' OkHttp form by the map's identity: a Wire with
    // another map (another Handoff's credentials) must not go out with the cached Authorization.
    Credentials other = new Credentials("SAZYXWVUTSRQPONMLKJI", "an0ther-t0ken");
    Function<PlivoRequest, Wire> otherWires =
        Fixtures.wires(
            HandoffConfig.builder(other)
                .phloBaseUrl(config.phloBaseUrl())
                .voiceBaseUrl(config.voiceBaseUrl())
                .build());
    ReadNode read = new ReadNode(PHLO_ID, NODE_ID);
    List<Wire> sent = List.of(wires.apply(read), otherWires.apply(read), wires.apply(read));
    for (Wire wire : sent) {
      server.enqueue(Fixtures.json(200, "{}"));
      callControl.send(wire).get(5, TimeUnit.SECONDS);
    }

    for (Wire wire : sent) {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request.getHeaders().get("Authorization"))
          .isEqualTo(wire.headers().get("Authorization"));
    }
    assertThat(sent.get(1).headers().get("Authorization")).isNotEqualTo(EXPECTED_AUTHORIZATION);
  }

  private String userAgent() {
    return "handoff-java/"
        + Handoff.version()
        + " (retrofit; Java "
        + System.getProperty("java.version")
        + ")";
  }

  private static List<String> lines(Headers headers) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      lines.add(headers.name(i) + ": " + headers.value(i));
    }
    return lines;
  }
}
