package dev.handoff.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.Handoff;
import dev.handoff.TransferListener;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.WarmTransfer;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Responses this transport handles in a way of its own, through Handoff: a 204 for which Retrofit
 * gives no body at all, a redirect OkHttp must not follow, and the thread each form reads the
 * response on. The statuses every transport maps alike are the behaviour contract's ({@code
 * RetrofitBehaviourContractTest}).
 */
@Timeout(30)
class RetrofitStatusTest {
  private static final WarmTransfer TRANSFER = Fixtures.warmTransfer();

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
  void http204WithoutBody() {
    server.enqueue(new MockResponse.Builder().code(204).build());

    Receipt receipt = handoff.warmTransfer(TRANSFER);

    assertThat(receipt.status()).isEqualTo(204);
    assertThat(receipt.apiId()).isNull();
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
  void asyncResponseIsDeliveredOnOkHttpsThread() throws Exception {
    RecordingThreads threads = new RecordingThreads();
    handoff.close();
    handoff = RetrofitHandoff.create(Fixtures.config(server.getPort()).listener(threads).build());
    server.enqueue(Fixtures.accepted());

    handoff.warmTransferAsync(TRANSFER).get(5, TimeUnit.SECONDS);

    assertThat(threads.responseThread).startsWith("OkHttp");
  }

  @Test
  void blockingResponseIsReadOnTheCallersThread() {
    RecordingThreads threads = new RecordingThreads();
    handoff.close();
    handoff = RetrofitHandoff.create(Fixtures.config(server.getPort()).listener(threads).build());
    server.enqueue(Fixtures.accepted());

    handoff.warmTransfer(TRANSFER);

    assertThat(threads.responseThread).isEqualTo(Thread.currentThread().getName());
  }

  /** Records the thread Plivo's response was delivered on. */
  private static final class RecordingThreads implements TransferListener {
    volatile String responseThread;

    @Override
    public void responseReceived(PlivoRequest request, int attempt, int status) {
      responseThread = Thread.currentThread().getName();
    }
  }
}
