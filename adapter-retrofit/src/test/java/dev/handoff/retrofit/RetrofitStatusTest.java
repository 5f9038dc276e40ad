package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.API_ID;
import static dev.handoff.retrofit.Fixtures.NODE_ID;
import static dev.handoff.retrofit.Fixtures.PHLO_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.Handoff;
import dev.handoff.RetryPolicy;
import dev.handoff.TransferListener;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.WarmTransfer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Plivo's statuses, read by this transport and mapped by Handoff. */
@Timeout(30)
class RetrofitStatusTest {
  private static final WarmTransfer TRANSFER =
      WarmTransfer.builder()
          .phloId(PHLO_ID)
          .nodeId(NODE_ID)
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();

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
  void http201Sync() {
    server.enqueue(Fixtures.accepted());

    Receipt receipt = handoff.warmTransfer(TRANSFER);

    assertThat(receipt.status()).isEqualTo(201);
    assertThat(receipt.apiId()).isEqualTo(API_ID);
  }

  @Test
  void http201Async() throws Exception {
    server.enqueue(Fixtures.accepted());

    Receipt receipt = handoff.warmTransferAsync(TRANSFER).get(5, TimeUnit.SECONDS);

    assertThat(receipt.apiId()).isEqualTo(API_ID);
  }

  @Test
  void http400CarriesPlivosErrorText() {
    server.enqueue(
        Fixtures.json(
            400, "{\"api_id\": \"" + API_ID + "\", \"error\": \"to is a mandatory param.\"}"));

    RejectedException e = (RejectedException) catchThrowable(() -> handoff.warmTransfer(TRANSFER));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.apiId()).isEqualTo(API_ID);
    assertThat(e.plivoError()).isEqualTo("to is a mandatory param.");
    assertThat(e).hasMessageContaining("to is a mandatory param.");
  }

  @Test
  void http400Async() {
    server.enqueue(
        Fixtures.json(
            400,
            "{\"api_id\": \"" + API_ID + "\", \"error\": \"Invalid value provided for role.\"}"));

    CompletableFuture<Receipt> future = handoff.warmTransferAsync(TRANSFER);

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("Invalid value provided for role.");
  }

  @Test
  void http401() {
    server.enqueue(
        Fixtures.json(
            401,
            "{\"api_id\": \""
                + API_ID
                + "\", \"error\": \"Authentication failed for "
                + Fixtures.AUTH_TOKEN
                + "\"}"));

    Throwable e = catchThrowable(() -> handoff.warmTransfer(TRANSFER));

    assertThat(e).isInstanceOf(AuthenticationFailedException.class);
    assertThat(((PlivoErrorException) e).status()).isEqualTo(401);
    Fixtures.assertNoSecret(e);
  }

  @Test
  void http404() {
    server.enqueue(Fixtures.json(404, "{}"));

    Throwable e = catchThrowable(() -> handoff.warmTransfer(TRANSFER));

    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) e).status()).isEqualTo(404);
  }

  @Test
  void http500IsReportedAndNeverSentAgain() {
    handoff.close();
    handoff =
        RetrofitHandoff.create(
            Fixtures.config(server.getPort()).retryPolicy(RetryPolicy.defaults()).build());
    server.enqueue(
        Fixtures.json(500, "{\"api_id\": \"" + API_ID + "\", \"error\": \"internal error\"}"));
    server.enqueue(Fixtures.accepted());

    Throwable e = catchThrowable(() -> handoff.warmTransfer(TRANSFER));

    assertThat(e).isInstanceOf(PlivoUnavailableException.class);
    assertThat(((PlivoUnavailableException) e).status()).isEqualTo(500);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void http500WithHtmlBody() {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><body><h1>502 Bad Gateway</h1></body></html>")
            .build());

    Throwable e = catchThrowable(() -> handoff.warmTransfer(TRANSFER));

    assertThat(e).isInstanceOf(PlivoUnavailableException.class).hasMessageContaining("Bad Gateway");
  }

  @Test
  void http503RetryAfterReachesHandoff() {
    handoff.close();
    handoff =
        RetrofitHandoff.create(
            Fixtures.config(server.getPort()).retryPolicy(RetryPolicy.defaults()).build());
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "0")
            .body("{\"api_id\": \"a\", \"error\": \"busy\"}")
            .build());
    server.enqueue(Fixtures.accepted());

    Receipt receipt = handoff.warmTransfer(TRANSFER);

    // Only a 503 with Retry-After is sent again: the header must have reached the answer.
    assertThat(receipt.apiId()).isEqualTo(API_ID);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void http2xxWithoutJsonIsAReceiptWithoutApiId() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/plain")
            .body("OK")
            .build());

    Receipt receipt = handoff.warmTransfer(TRANSFER);

    assertThat(receipt.status()).isEqualTo(200);
    assertThat(receipt.apiId()).isNull();
  }

  @Test
  void http204WithoutBody() {
    server.enqueue(new MockResponse.Builder().code(204).build());

    Receipt receipt = handoff.warmTransfer(TRANSFER);

    assertThat(receipt.status()).isEqualTo(204);
    assertThat(receipt.apiId()).isNull();
  }

  @Test
  void http2xxWithErrorTextIsARefusal() {
    server.enqueue(Fixtures.json(201, "{\"api_id\": \"x\", \"error\": \"call not active\"}"));

    assertThatThrownBy(() -> handoff.warmTransfer(TRANSFER))
        .isInstanceOf(PlivoErrorException.class)
        .hasMessageContaining("call not active");
  }

  @Test
  void redirectIsNotFollowed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(307)
            .setHeader("Location", Fixtures.baseUrl(server.getPort()) + "/elsewhere")
            .build());
    server.enqueue(Fixtures.accepted());

    Throwable e = catchThrowable(() -> handoff.warmTransfer(TRANSFER));

    assertThat(e).isInstanceOf(RejectedException.class);
    assertThat(((RejectedException) e).status()).isEqualTo(307);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void asyncAnswerIsDeliveredOnOkHttpsThread() throws Exception {
    RecordingThreads threads = new RecordingThreads();
    handoff.close();
    handoff = RetrofitHandoff.create(Fixtures.config(server.getPort()).listener(threads).build());
    server.enqueue(Fixtures.accepted());

    handoff.warmTransferAsync(TRANSFER).get(5, TimeUnit.SECONDS);

    assertThat(threads.answerThread).startsWith("OkHttp");
  }

  @Test
  void blockingAnswerIsReadOnTheCallersThread() {
    RecordingThreads threads = new RecordingThreads();
    handoff.close();
    handoff = RetrofitHandoff.create(Fixtures.config(server.getPort()).listener(threads).build());
    server.enqueue(Fixtures.accepted());

    handoff.warmTransfer(TRANSFER);

    assertThat(threads.answerThread).isEqualTo(Thread.currentThread().getName());
  }

  /** Records the thread Plivo's answer was delivered on. */
  private static final class RecordingThreads implements TransferListener {
    volatile String answerThread;

    @Override
    public void responseReceived(PlivoRequest request, int attempt, int status) {
      answerThread = Thread.currentThread().getName();
    }
  }
}
