package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.EXPECTED_AUTHORIZATION;
import static dev.handoff.vertx.Fixtures.NODE_PATH;
import static dev.handoff.vertx.Fixtures.READ;
import static dev.handoff.vertx.Fixtures.TRANSFER;
import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the wire contract does not look at, as a loopback server receives it: the exact header lines
 * and body bytes, each {@code Wire.Base} reaching its own origin and path, the body's JSON bytes,
 * and the header cache following the header map it was made from. The requests, one per kind, are
 * the wire contract's ({@code VertxWireContractTest}).
 */
class WebClientWireTest {
  private RecordingServer server;
  private Handoff handoff;

  @BeforeEach
  void start() {
    server = RecordingServer.start();
    handoff = WebClientHandoff.create(Fixtures.config(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    handoff.close();
    server.close();
  }

  @Test
  void postIsTheWiresHeadExactlyAndItsBodyByteForByte() throws Exception {
    handoff.warmTransfer(WARM);

    RecordingServer.Recorded request = server.takeRequest();
    String body =
        "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}";
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawUri()).isEqualTo(NODE_PATH);
    // Wire's head exactly, names as it spells them, in its order: Vert.x adds nothing.
    assertThat(request.headerLines())
        .containsExactly(
            "Host: " + server.baseUrl().getAuthority(),
            "Authorization: " + EXPECTED_AUTHORIZATION,
            "User-Agent: " + userAgent(),
            "Accept-Encoding: identity",
            "Content-Type: application/json",
            "Content-Length: " + body.length());
    // Compact and in Wire's order: the same bytes as every other transport.
    assertThat(request.body()).isEqualTo(body);
  }

  @Test
  void getHasNeitherBodyNorContentType() throws Exception {
    server.enqueue(200, "application/json", "{}");

    handoff.readNodeAsync(READ).exceptionally(ignored -> null).get(10, TimeUnit.SECONDS);

    RecordingServer.Recorded request = server.takeRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawUri()).isEqualTo(NODE_PATH);
    assertThat(request.headerLines())
        .containsExactly(
            "Host: " + server.baseUrl().getAuthority(),
            "Authorization: " + EXPECTED_AUTHORIZATION,
            "User-Agent: " + userAgent(),
            "Accept-Encoding: identity");
    assertThat(request.body()).isEmpty();
  }

  @Test
  void headersFollowTheWiresHeaderMapNotTheFirstOneSeen() throws Exception {
    // The transport caches Wire.headers()' Vert.x form by the map's identity: a Wire with another
    // map (another Handoff's credentials) must not go out with the cached Authorization.
    HandoffConfig config = Fixtures.config(server.baseUrl());
    Function<PlivoRequest, Wire> wires = Fixtures.wires(config);
    Function<PlivoRequest, Wire> otherWires =
        Fixtures.wires(
            HandoffConfig.builder(new Credentials("SAZYXWVUTSRQPONMLKJI", "an0ther-t0ken"))
                .phloBaseUrl(config.phloBaseUrl())
                .voiceBaseUrl(config.voiceBaseUrl())
                .build());
    List<Wire> sent = List.of(wires.apply(READ), otherWires.apply(READ), wires.apply(WARM));
    Vertx vertx = Vertx.vertx();
    try (WebClientCallControl callControl =
        new WebClientCallControl(
            config,
            vertx,
            VertxOwnership.OWNED,
            VertxModule.httpClient(vertx, config),
            WebClientHandoff.ABORTS_ON_CANCEL)) {
      for (Wire wire : sent) {
        callControl.send(wire).get(10, TimeUnit.SECONDS);
      }
    }

    for (Wire wire : sent) {
      assertThat(server.takeRequest().header("Authorization"))
          .isEqualTo(wire.headers().get("Authorization"));
    }
    assertThat(sent.get(1).headers().get("Authorization")).isNotEqualTo(EXPECTED_AUTHORIZATION);
  }

  @Test
  void eachBaseUrlKeepsItsOwnOriginAndPath() throws Exception {
    try (RecordingServer voiceServer = RecordingServer.start()) {
      voiceServer.enqueue(202, "application/json", "{\"api_id\":\"v1\"}");
      Handoff split =
          WebClientHandoff.create(
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

  private static String userAgent() {
    return "handoff-java/"
        + Handoff.version()
        + " (vertx; Java "
        + System.getProperty("java.version")
        + ")";
  }
}
