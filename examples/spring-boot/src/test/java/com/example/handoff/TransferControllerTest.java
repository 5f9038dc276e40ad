package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.spring.boot.test.AutoConfigureHandoffFake;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import dev.handoff.testkit.ScriptedResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The whole service against the testkit's fake Plivo (no network, no credentials):
 * {@code @AutoConfigureHandoffFake} points the starter's Handoff bean at it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "transfer.phlo-id=4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10",
      "transfer.node-id=9a2c3b1e-0c1d-4e5f-8a9b-112233445566"
    })
@AutoConfigureHandoffFake
@AutoConfigureTestRestTemplate
class TransferControllerTest {
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");

  /** The fake Plivo, started for the Spring context and stopped with it. */
  @Autowired FakePlivoServer plivo;
  @Autowired TestRestTemplate rest;

  /** Seeds the fake's call once for the context: only one test changes it. */
  @TestConfiguration(proxyBeanMethods = false)
  static class SeededCall {
    SeededCall(FakePlivoServer plivo) {
      plivo.addNode(PHLO, NODE, Address.of("+14152223333"), Address.of("+14152224444"));
    }
  }

  @Test
  void warmTransfersWithTheConfiguredPhloAndAnswers202() {
    int before = plivo.requestCount();
    ResponseEntity<Map> response = rest.postForEntity("/transfers/warm",
        Map.of("agent", "+14152223333", "to", "+14152225555"), Map.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat((String) response.getBody().get("apiId")).isNotBlank();
    RecordedPlivoRequest sent = plivo.httpRequests().get(before);
    assertThat(sent.path()).isEqualTo("/v1/phlo/" + PHLO + "/multi_party_call/" + NODE);
    assertThat(sent.body()).contains("\"action\":\"warm_transfer\"", "\"to\":\"+14152225555\"");
    assertThat(plivo.members(PHLO, NODE)).contains(Address.of("+14152225555"));
  }

  @Test
  void anInvalidAddressIs400AndNothingIsSent() {
    int before = plivo.requestCount();
    ResponseEntity<Map> response = rest.postForEntity("/transfers/warm",
        Map.of("agent", "+14152223333", "to", "not a number"), Map.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(plivo.requestCount()).isEqualTo(before);
  }

  @Test
  void plivosErrorsMapToDistinctAnswers() {
    plivo.enqueue(ScriptedResponse.json(404, "{}"))
        .enqueue(ScriptedResponse.json(500, "{\"api_id\": \"a1\", \"error\": \"boom\"}"));
    int before = plivo.requestCount();

    assertThat(post().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(post().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY); // never re-sent
    assertThat(plivo.requestCount()).isEqualTo(before + 2);
  }

  ResponseEntity<Map> post() {
    return rest.postForEntity("/transfers/warm",
        Map.of("agent", "+14152223333", "to", "+14152225555"), Map.class);
  }

  @Test
  void healthShowsHandoffWithoutAskingPlivo() {
    int before = plivo.requestCount();
    ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);

    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<?, ?> handoff = (Map<?, ?>) ((Map<?, ?>) health.getBody().get("components")).get("handoff");
    assertThat(handoff.get("status")).isEqualTo("UP");
    assertThat(((Map<?, ?>) handoff.get("details")).get("transport")).isEqualTo("retrofit");
    assertThat(plivo.requestCount()).isEqualTo(before);
  }

  @Test
  void metricsShowTheWarmTransfers() {
    post(); // accepted, or 422 when another test transferred there first: observed either way

    ResponseEntity<Map> metric = rest.getForEntity(
        "/actuator/metrics/handoff.operation?tag=operation:warm_transfer", Map.class);

    assertThat(metric.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(metric.getBody().toString()).contains("statistic=COUNT").doesNotContain("+1415");
  }
}
