package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.spi.PlivoResponse;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the Vert.x transport reads Plivo's answers, through {@code VertxHandoff.create(config)}. */
class VertxResponseTest {
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
  void http201IsAReceipt() {
    server.enqueue(201, "application/json", "{\"api_id\":\"id-201\",\"error\":\"\"}");

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "id-201"));
  }

  @Test
  void answerInSeveralChunksIsReadWhole() {
    server.enqueueChunked(201, "{\"api_id\":\"", "id-in-", "chunks\",\"error\":\"\"}");

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "id-in-chunks"));
  }

  @ParameterizedTest
  @CsvSource({
    "400, dev.handoff.model.RejectedException",
    "401, dev.handoff.model.AuthenticationFailedException",
    "404, dev.handoff.model.NotFoundException",
    "500, dev.handoff.model.PlivoUnavailableException"
  })
  void errorStatusesMapToTheirExceptions(int status, Class<? extends PlivoErrorException> type) {
    server.enqueue(
        status, "application/json", "{\"api_id\":\"id-" + status + "\",\"error\":\"to is bad\"}");

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isInstanceOf(type)
        .satisfies(
            e -> {
              PlivoErrorException error = (PlivoErrorException) e;
              assertThat(error.status()).isEqualTo(status);
              assertThat(error.apiId()).isEqualTo("id-" + status);
              assertThat(error.plivoError()).isEqualTo("to is bad");
            });
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void http404WithEmptyObjectIsNotFound() {
    server.enqueue(404, "application/json", "{}");

    assertThatThrownBy(() -> handoff.readNode(Fixtures.READ)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void http401HtmlPageIsAuthenticationFailed() {
    server.enqueue(401, "text/html", "<html><body>Unauthorized</body></html>");

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("Unauthorized")
        .hasMessageNotContaining(Fixtures.AUTH_TOKEN);
  }

  @Test
  void http400WithRefusalIsRejected() {
    server.enqueue(
        400, "application/json", "{\"api_id\":\"x\",\"error\":\"to is a mandatory param.\"}");

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("to is a mandatory param.");
  }

  @Test
  void http503HtmlIsUnavailable() {
    server.enqueue(503, "text/html", "<h1>Service Unavailable</h1>");

    assertThatThrownBy(() -> handoff.transferCall(Fixtures.TRANSFER))
        .isInstanceOf(PlivoUnavailableException.class);
  }

  @Test
  void nonJson2xxIsAReceiptWithoutApiId() {
    server.enqueue(200, "text/plain", "OK");

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(200, null));
  }

  @Test
  void empty2xxIsAReceiptWithoutApiId() {
    server.enqueue(204, "application/json", "");

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(204, null));
  }

  @Test
  void readsTopLevelScalarsOfAJsonObject() {
    PlivoResponse answer =
        Exchange.answer(
            201,
            "7",
            Buffer.buffer(
                "{\"api_id\":\"a\",\"n\":3,\"ok\":true,\"nested\":{\"x\":1},\"e\":null}"));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.retryAfter()).isEqualTo("7");
    assertThat(answer.fields()).containsOnlyKeys("api_id", "n", "ok");
    assertThat(answer.field("n")).isEqualTo("3");
    assertThat(answer.nonJsonBody()).isNull();
  }

  @Test
  void keepsAnExcerptOfAnythingElse() {
    String page = "é".repeat(3000);

    PlivoResponse answer = Exchange.answer(502, null, Buffer.buffer(page));

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isEqualTo("é".repeat(PlivoResponse.EXCERPT_LIMIT));
  }

  @Test
  void jsonThatIsNotAnObjectIsKeptAsText() {
    PlivoResponse answer = Exchange.answer(200, null, Buffer.buffer("[1,2]"));

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isEqualTo("[1,2]");
  }

  @Test
  void emptyBodyHasNeitherFieldsNorText() {
    PlivoResponse answer = Exchange.answer(204, null, Buffer.buffer());

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isNull();
  }
}
