package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.model.Receipt;
import dev.handoff.spi.PlivoResponse;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the Vert.x transport reads a response that only it reads its own way: a body in several
 * chunks, an empty one, and its Jackson parsing of JSON and of anything else. The statuses every
 * transport maps alike are the behaviour contract's ({@code VertxBehaviourContractTest}).
 */
class WebClientResponseTest {
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
  void answerInSeveralChunksIsReadWhole() {
    server.enqueueChunked(201, "{\"api_id\":\"", "id-in-", "chunks\",\"error\":\"\"}");

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "id-in-chunks"));
  }

  @Test
  void empty2xxIsAReceiptWithoutApiId() {
    server.enqueue(204, "application/json", "");

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(204, null));
  }

  @Test
  void readsTopLevelScalarsOfAJsonObject() {
    PlivoResponse response =
        Exchange.plivoResponse(
            201,
            "7",
            Buffer.buffer(
                "{\"api_id\":\"a\",\"n\":3,\"ok\":true,\"nested\":{\"x\":1},\"e\":null}"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.retryAfter()).isEqualTo("7");
    assertThat(response.fields()).containsOnlyKeys("api_id", "n", "ok");
    assertThat(response.field("n")).isEqualTo("3");
    assertThat(response.nonJsonBody()).isNull();
  }

  @Test
  void keepsAnExcerptOfAnythingElse() {
    String page = "é".repeat(3000);

    PlivoResponse response = Exchange.plivoResponse(502, null, Buffer.buffer(page));

    assertThat(response.fields()).isEmpty();
    assertThat(response.nonJsonBody()).isEqualTo("é".repeat(PlivoResponse.EXCERPT_LIMIT));
  }

  @Test
  void jsonThatIsNotAnObjectIsKeptAsText() {
    PlivoResponse response = Exchange.plivoResponse(200, null, Buffer.buffer("[1,2]"));

    assertThat(response.fields()).isEmpty();
    assertThat(response.nonJsonBody()).isEqualTo("[1,2]");
  }

  @Test
  void emptyBodyHasNeitherFieldsNorText() {
    PlivoResponse response = Exchange.plivoResponse(204, null, Buffer.buffer());

    assertThat(response.fields()).isEmpty();
    assertThat(response.nonJsonBody()).isNull();
  }
}
