package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.NODE_ID;
import static dev.handoff.retrofit.Fixtures.PHLO_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.Moshi;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The port itself, below Handoff: raw responses, the 503 OkHttp must not re-send, the blocking
 * attempt and its caller slots, and what happens after close.
 */
@Timeout(30)
class RetrofitCallControlTest {
  private MockWebServer server;
  private HandoffConfig config;
  private Function<PlivoRequest, Wire> wires;
  private CallControl callControl;

  @BeforeEach
  void setUp() {
    server = Fixtures.startServer();
    config = Fixtures.config(server.getPort()).build();
    wires = Fixtures.wires(config);
    callControl =
        DaggerRetrofitComponent.factory().create(config, ApplicationClient.NONE).callControl();
  }

  @AfterEach
  void tearDown() {
    callControl.close();
    server.close();
  }

  @Test
  void nameIsRetrofit() {
    assertThat(callControl.name()).isEqualTo("retrofit");
  }

  @Test
  void anyStatusIsAResponse() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "3")
            .body("{\"api_id\": \"a\", \"error\": \"busy\"}")
            .build());

    PlivoResponse response = callControl.send(readNode()).get(5, TimeUnit.SECONDS);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.retryAfter()).isEqualTo("3");
    assertThat(response.field("error")).isEqualTo("busy");
  }

  @Test
  void http503WithRetryAfterZeroIsNotResentByOkHttpAndKeepsItsHeader() throws Exception {
    // OkHttp's follow-up logic would repeat these requests at once (a second transfer) were it not
    // for HiddenFromOkHttp; Handoff's RetryPolicy, which gets the header, decides instead.
    server.enqueue(busy());
    server.enqueue(busy());
    server.enqueue(Fixtures.accepted()); // what a re-sent request would get

    PlivoResponse async =
        callControl.send(wires.apply(Fixtures.warmTransfer())).get(5, TimeUnit.SECONDS);
    PlivoResponse blocking =
        callControl.sendBlocking(wires.apply(Fixtures.warmTransfer()), never());

    for (PlivoResponse response : List.of(async, blocking)) {
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.retryAfter()).isEqualTo("0");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void operationAfterCloseIsNotSent() {
    callControl.close();
    callControl.close();

    CompletableFuture<PlivoResponse> future = callControl.send(readNode());

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
      PlivoResponse response = recording.sendBlocking(readNode(), never());
      assertThat(response.status()).isEqualTo(201);
    }

    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void sendBlockingBeyondItsCallerSlotsQueuesInTheDispatcher() {
    server.enqueue(Fixtures.accepted());
    List<String> threads = new CopyOnWriteArrayList<>();

    try (CallControl recording = recordingThreads(threads, 0)) {
      PlivoResponse response = recording.sendBlocking(readNode(), never());
      assertThat(response.status()).isEqualTo(201);
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
                thrown.complete(catchThrowable(() -> callControl.sendBlocking(readNode(), abort))));
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

    assertThatThrownBy(() -> callControl.sendBlocking(readNode(), never()))
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT));
    assertThat(server.getRequestCount()).isZero();
  }

  private Wire readNode() {
    return wires.apply(new ReadNode(PHLO_ID, NODE_ID));
  }

  private static MockResponse busy() {
    return new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("{}").build();
  }

  /** An abort signal that never comes. */
  private static CompletableFuture<Void> never() {
    return new CompletableFuture<>();
  }

  /**
   * This transport over a client whose network interceptor records the thread each exchange ran on,
   * with {@code callerSlots} callers allowed to run theirs on their own thread.
   */
  private CallControl recordingThreads(List<String> threads, int callerSlots) {
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
        client, RetrofitModule.services(client, moshi, config), callerSlots);
  }
}
