package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransferVerticleTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");

  final HttpClient http = HttpClient.newHttpClient();
  FakePlivoServer plivo;
  Vertx vertx;
  TransferVerticle verticle;

  @BeforeEach
  void start() throws Exception {
    plivo = FakePlivoServer.start(CREDENTIALS);
    plivo.addNode(PHLO, NODE, Address.of("+14152223333"), Address.of("+14152224444"));
    HandoffConfig config = HandoffConfig.builder(CREDENTIALS)
        .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
    vertx = Vertx.vertx();
    verticle = new TransferVerticle(config, PHLO, NODE, 0);
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    plivo.close();
  }

  @Test
  void warmTransfersAndAnswersPlivosApiId() throws Exception {
    HttpResponse<String> response = post("{\"agent\": \"+14152223333\", \"to\": \"+14152225555\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(new JsonObject(response.body()).getString("api_id")).isNotBlank();
    assertThat(plivo.takeHttpRequest().body()).isEqualTo(
        "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
            + "\"trigger_source\":\"+14152223333\"}");
    assertThat(plivo.members(PHLO, NODE)).contains(Address.of("+14152225555"));
  }

  @Test
  void anInvalidAddressIsA400AndNothingIsSent() throws Exception {
    HttpResponse<String> response = post("{\"agent\": \"+14152223333\", \"to\": \"nobody\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("error")).startsWith("to must be");
    assertThat(plivo.requestCount()).isZero();
  }

  @Test
  void aTransferWaitingForPlivoDoesNotHoldUpTheEventLoop() throws Exception {
    plivo.enqueue(ScriptedResponse.noAnswer()); // the first transfer hangs at Plivo
    CompletableFuture<HttpResponse<String>> hanging =
        postAsync("{\"agent\": \"+14152223333\", \"to\": \"+14152225555\"}");
    plivo.takeHttpRequest(); // it reached Plivo and waits there

    HttpResponse<String> second = post("{\"agent\": \"+14152224444\", \"to\": \"+14152226666\"}");

    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(hanging).isNotDone();
    plivo.close(); // cuts the hanging exchange: Plivo may have performed it
    assertThat(hanging.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
  }

  HttpResponse<String> post(String json) throws Exception {
    return postAsync(json).get(10, TimeUnit.SECONDS);
  }

  CompletableFuture<HttpResponse<String>> postAsync(String json) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + verticle.actualPort() + "/transfers/warm"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
