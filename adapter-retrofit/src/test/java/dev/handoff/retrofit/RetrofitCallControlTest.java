package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.NODE_ID;
import static dev.handoff.retrofit.Fixtures.PHLO_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.Moshi;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The port itself, below Handoff: raw answers, the blocking attempt, and what happens after close.
 */
@Timeout(30)
class RetrofitCallControlTest {
  private MockWebServer server;
  private CallControl callControl;

  @BeforeEach
  void setUp() {
    server = Fixtures.startServer();
    callControl =
        DaggerRetrofitComponent.factory()
            .create(Fixtures.config(server.getPort()).build())
            .callControl();
  }

  @AfterEach
  void tearDown() {
    callControl.close();
    server.close();
  }

  @Test
  void anyStatusIsAnAnswer() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "3")
            .body("{\"api_id\": \"a\", \"error\": \"busy\"}")
            .build());

    PlivoResponse answer =
        callControl.readNode(new ReadNode(PHLO_ID, NODE_ID)).get(5, TimeUnit.SECONDS);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.retryAfter()).isEqualTo("3");
    assertThat(answer.field("error")).isEqualTo("busy");
  }

  @Test
  void operationAfterCloseIsNotSent() {
    callControl.close();
    callControl.close();

    CompletableFuture<PlivoResponse> future = callControl.readNode(new ReadNode(PHLO_ID, NODE_ID));

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sendBlockingRunsTheExchangeOnTheCallersThread() {
    server.enqueue(Fixtures.accepted());
    List<String> threads = new CopyOnWriteArrayList<>();

    try (CallControl recording = recordingThreads(threads, RetrofitModule.MAX_REQUESTS)) {
      PlivoResponse answer =
          recording.sendBlocking(new ReadNode(PHLO_ID, NODE_ID), new CompletableFuture<>());
      assertThat(answer.status()).isEqualTo(201);
    }

    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void sendBlockingBeyondItsCallerSlotsQueuesInTheDispatcher() {
    server.enqueue(Fixtures.accepted());
    List<String> threads = new CopyOnWriteArrayList<>();

    try (CallControl recording = recordingThreads(threads, 0)) {
      PlivoResponse answer =
          recording.sendBlocking(new ReadNode(PHLO_ID, NODE_ID), new CompletableFuture<>());
      assertThat(answer.status()).isEqualTo(201);
    }

    assertThat(threads).singleElement().asString().startsWith("OkHttp");
  }

  @Test
  void abortingSendBlockingCancelsItsCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CompletableFuture<Void> abort = new CompletableFuture<>();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () ->
                thrown.complete(
                    catchThrowable(
                        () -> callControl.sendBlocking(new ReadNode(PHLO_ID, NODE_ID), abort))));
    caller.start();
    server.takeRequest();

    abort.cancel(false);

    assertThat(thrown.get(5, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN));
  }

  @Test
  void sendBlockingAfterCloseIsNotSent() {
    callControl.close();

    assertThatThrownBy(
            () ->
                callControl.sendBlocking(new ReadNode(PHLO_ID, NODE_ID), new CompletableFuture<>()))
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT));
    assertThat(server.getRequestCount()).isZero();
  }

  /**
   * This transport over a client whose network interceptor records the thread each exchange ran on,
   * with {@code callerSlots} callers allowed to run theirs on their own thread.
   */
  private CallControl recordingThreads(List<String> threads, int callerSlots) {
    HandoffConfig config = Fixtures.config(server.getPort()).build();
    OkHttpClient client =
        RetrofitModule.okHttpClient(config)
            .newBuilder()
            .addNetworkInterceptor(
                chain -> {
                  threads.add(Thread.currentThread().getName());
                  return chain.proceed(chain.request());
                })
            .build();
    Moshi moshi = RetrofitModule.moshi();
    return new RetrofitCallControl(
        client,
        RetrofitModule.phloService(client, moshi, config),
        RetrofitModule.voiceService(client, moshi, config),
        config.credentials().authId(),
        new PlivoHeaders(config.credentials()),
        callerSlots);
  }
}
