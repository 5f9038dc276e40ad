package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Credentials;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import dev.handoff.testkit.ScriptedResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole service, wired from its properties, against the testkit's fake Plivo (no network). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TransferControllerTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  /** One fake Plivo for the Spring context: its call is seeded once; only one test changes it. */
  static final FakePlivoServer PLIVO =
      FakePlivoServer.start(CREDENTIALS)
          .addNode(PHLO, NODE, Address.of("+14152223333"), Address.of("+14152224444"));

  @DynamicPropertySource
  static void plivo(DynamicPropertyRegistry properties) {
    properties.add("handoff.auth-id", CREDENTIALS::authId);
    properties.add("handoff.auth-token", CREDENTIALS::authToken);
    properties.add("handoff.phlo-id", PHLO::value);
    properties.add("handoff.node-id", NODE::value);
    properties.add("handoff.phlo-base-url", () -> PLIVO.baseUrl().toString());
    properties.add("handoff.voice-base-url", () -> PLIVO.baseUrl().toString());
  }

  @AfterAll
  static void stopPlivo() {
    PLIVO.close();
  }

  @Autowired TestRestTemplate rest;

  @Test
  void warmTransfersWithTheConfiguredPhloAndAnswers202() {
    int before = PLIVO.requestCount();
    ResponseEntity<Map> response = rest.postForEntity("/transfers/warm",
        Map.of("agent", "+14152223333", "to", "+14152225555"), Map.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat((String) response.getBody().get("apiId")).isNotBlank();
    RecordedPlivoRequest sent = PLIVO.httpRequests().get(before);
    assertThat(sent.path()).isEqualTo("/v1/phlo/" + PHLO + "/multi_party_call/" + NODE);
    assertThat(sent.body()).contains("\"action\":\"warm_transfer\"", "\"to\":\"+14152225555\"");
    assertThat(PLIVO.members(PHLO, NODE)).contains(Address.of("+14152225555"));
  }

  @Test
  void anInvalidAddressIs400AndNothingIsSent() {
    int before = PLIVO.requestCount();
    ResponseEntity<Map> response = rest.postForEntity("/transfers/warm",
        Map.of("agent", "+14152223333", "to", "not a number"), Map.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(PLIVO.requestCount()).isEqualTo(before);
  }

  @Test
  void plivosErrorsMapToDistinctAnswers() {
    PLIVO.enqueue(ScriptedResponse.json(404, "{}"))
        .enqueue(ScriptedResponse.json(500, "{\"api_id\": \"a1\", \"error\": \"boom\"}"));
    int before = PLIVO.requestCount();

    assertThat(post().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(post().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY); // never re-sent
    assertThat(PLIVO.requestCount()).isEqualTo(before + 2);
  }

  ResponseEntity<Map> post() {
    return rest.postForEntity("/transfers/warm",
        Map.of("agent", "+14152223333", "to", "+14152225555"), Map.class);
  }
}
