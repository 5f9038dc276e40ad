package dev.handoff.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spring.boot.test.AutoConfigureHandoffFake;
import dev.handoff.testkit.FakePlivoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A whole Boot application with the actuator, on the testkit's fake Plivo: the health shows
 * Handoff's state and costs no Plivo request; the metrics show a warm transfer, counted once.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "handoff.transport=retrofit",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-components=always",
      "management.endpoint.health.show-details=always"
    })
@AutoConfigureHandoffFake
class ActuatorTest {
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");

  /** An application without component scanning: this package holds the starter itself. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Autowired Handoff handoff;
  @Autowired FakePlivoServer plivo;

  /** Java 17's HttpClient has no close(): one for the class. */
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  /** GETs {@code path} of the application, on 127.0.0.1. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthShowsHandoffAndSendsNoPlivoRequest() throws Exception {
    int before = plivo.requestCount();

    HttpResponse<String> health = get("/actuator/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .containsPattern("\"handoff\":\\{\"details\":\\{[^}]*},\"status\":\"UP\"")
        .contains("\"transport\":\"retrofit\"")
        .contains("\"authId\":\"MA00****\"")
        .doesNotContain("handoff-fake-token");
    assertThat(plivo.requestCount()).isEqualTo(before);
  }

  @Test
  void metricsShowAWarmTransfer() throws Exception {
    plivo.addNode(PHLO, NODE, Address.of("+14152223333"), Address.of("+14152224444"));
    handoff.warmTransfer(
        WarmTransfer.builder()
            .phloId(PHLO)
            .nodeId(NODE)
            .triggerSource("+14152223333")
            .to("+14152225555")
            .build());

    HttpResponse<String> metric =
        get("/actuator/metrics/handoff.operation?tag=operation:warm_transfer");

    assertThat(metric.statusCode()).isEqualTo(200);
    assertThat(metric.body())
        .contains("\"name\":\"handoff.operation\"")
        // Once: Boot's default meter handler leaves Handoff's observations to the starter's.
        .contains("\"statistic\":\"COUNT\",\"value\":1.0")
        .contains("\"tag\":\"transport\"", "retrofit")
        .doesNotContain("+14152225555");
  }
}
