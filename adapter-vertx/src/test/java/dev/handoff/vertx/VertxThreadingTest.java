package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event loops, owned and borrowed Vert.x instances. */
class VertxThreadingTest {
  private RecordingServer server;
  private Vertx clientVertx;

  @BeforeEach
  void start() {
    server = RecordingServer.start();
    clientVertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    RecordingServer.await(clientVertx.close());
    server.close();
  }

  @Test
  void blockingFormOnAnEventLoopFailsAtOnce() throws Exception {
    try (Handoff handoff = VertxHandoff.create(clientVertx, Fixtures.config(server.baseUrl()))) {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      clientVertx.runOnContext(
          ignored -> {
            try {
              handoff.warmTransfer(WARM);
              thrown.complete(null);
            } catch (RuntimeException e) {
              thrown.complete(e);
            }
          });

      assertThat(thrown.get(10, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("warmTransferAsync");
      assertThat(server.requestCount()).isZero();
    }
  }

  @Test
  void asyncFormOnAnEventLoopCompletesOnThatEventLoop() throws Exception {
    try (Handoff handoff = VertxHandoff.create(clientVertx, Fixtures.config(server.baseUrl()))) {
      CompletableFuture<Thread> caller = new CompletableFuture<>();
      CompletableFuture<Thread> callback = new CompletableFuture<>();
      CompletableFuture<Receipt> receipt = new CompletableFuture<>();
      clientVertx.runOnContext(
          ignored -> {
            caller.complete(Thread.currentThread());
            handoff
                .warmTransferAsync(WARM)
                .whenComplete(
                    (value, failure) -> {
                      callback.complete(Thread.currentThread());
                      if (failure == null) {
                        receipt.complete(value);
                      } else {
                        receipt.completeExceptionally(failure);
                      }
                    });
          });

      assertThat(receipt.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
      assertThat(callback.get()).isSameAs(caller.get());
      assertThat(caller.get().getName()).startsWith("vert.x-eventloop-thread-");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  /**
   * Vert.x ties each thread of no context to an event loop picked by thread, while the pooled
   * connection a request is given may be another loop's: the transport runs every such caller's
   * exchange on one event loop of its own, so that no answer is handed across loops. Eight callers
   * (whose threads Vert.x would spread over every event loop) see their answers on one thread.
   */
  @Test
  void callersOnNoContextHaveTheirExchangesRunOnOneEventLoop() throws Exception {
    try (Handoff handoff = VertxHandoff.create(clientVertx, Fixtures.config(server.baseUrl()))) {
      Set<String> answeredOn = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 8; i++) {
        CompletableFuture<Receipt> answered = new CompletableFuture<>();
        // The answer waits for the callback, which then runs on the thread that completes the
        // exchange and not on the caller's (as it would if the answer came first).
        CompletableFuture<Void> callbackAttached = new CompletableFuture<>();
        server.enqueueHeldUntil(callbackAttached);
        Thread caller =
            new Thread(
                () -> {
                  handoff
                      .warmTransferAsync(WARM)
                      .whenComplete(
                          (receipt, failure) -> {
                            answeredOn.add(Thread.currentThread().getName());
                            if (failure == null) {
                              answered.complete(receipt);
                            } else {
                              answered.completeExceptionally(failure);
                            }
                          });
                  callbackAttached.complete(null);
                },
                "caller-" + i);
        caller.start();
        assertThat(answered.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        caller.join();
      }
      assertThat(answeredOn).hasSize(1);
      assertThat(answeredOn.iterator().next()).startsWith("vert.x-eventloop-thread-");
      assertThat(server.requestCount()).isEqualTo(8);
    }
  }

  /**
   * The application closed the {@code Vertx} it lent: a transfer from a thread of no context fails
   * as not sent, rather than waiting for its deadline (30 s here, a {@code
   * DeadlineExceededException}) on an event loop that is gone.
   */
  @Test
  void aTransferOverABorrowedVertxClosedSinceFailsAsNotSent() {
    Vertx lent = Vertx.vertx();
    HandoffConfig config =
        HandoffConfig.builder(Fixtures.CREDENTIALS)
            .phloBaseUrl(server.baseUrl())
            .timeout(Duration.ofSeconds(30))
            .retryPolicy(RetryPolicy.none())
            .build();
    try (Handoff handoff = VertxHandoff.create(lent, config)) {
      assertThat(handoff.warmTransfer(WARM).status()).isEqualTo(201);
      RecordingServer.await(lent.close());

      assertThatThrownBy(() -> handoff.warmTransfer(WARM))
          .isNotInstanceOf(DeadlineExceededException.class)
          .isInstanceOfSatisfying(
              TransportFailureException.class,
              failure -> assertThat(failure.delivery()).isEqualTo(Delivery.NOT_SENT));
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void isNonBlockingThreadOnlyOnAnEventLoop() throws Exception {
    VertxCallControl callControl =
        new VertxCallControl(
            Fixtures.config(server.baseUrl()),
            clientVertx,
            VertxOwnership.BORROWED,
            VertxModule.httpClient(clientVertx, Fixtures.config(server.baseUrl())));
    try {
      assertThat(callControl.isNonBlockingThread()).isFalse();
      CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
      clientVertx.runOnContext(ignored -> onLoop.complete(callControl.isNonBlockingThread()));
      assertThat(onLoop.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      callControl.close();
    }
  }

  @Test
  void closingAnOwnedVertxStopsItsEventLoops() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Handoff handoff =
          VertxHandoff.create(
              Fixtures.config(URI.create("http://127.0.0.1:" + silent.getLocalPort())));
      CompletableFuture<Receipt> inFlight = handoff.warmTransferAsync(WARM);
      silent.setSoTimeout(10_000);
      try (Socket connection = silent.accept()) {
        // The request arrived: the owned Vertx's event loop is running.
        InputStream in = connection.getInputStream();
        assertThat(in.read()).isEqualTo('P');
        List<Thread> started = newEventLoops(before);
        assertThat(started).isNotEmpty();

        handoff.close();

        assertThat(inFlight).isCompletedExceptionally();
        for (Thread thread : started) {
          thread.join(10_000);
        }
        assertThat(started).noneMatch(Thread::isAlive);
      }
    }
  }

  @Test
  void closingOverABorrowedVertxLeavesItUsable() throws Exception {
    Handoff first = VertxHandoff.create(clientVertx, Fixtures.config(server.baseUrl()));
    assertThat(first.warmTransfer(WARM).status()).isEqualTo(201);

    first.close();
    first.close(); // idempotent

    try (Handoff second = VertxHandoff.create(clientVertx, Fixtures.config(server.baseUrl()))) {
      assertThat(second.warmTransfer(WARM).status()).isEqualTo(201);
    }
    CompletionStage<String> stillRunning =
        clientVertx.executeBlocking(() -> "running").toCompletionStage();
    assertThat(stillRunning.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("running");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void closeOnAnEventLoopDoesNotBlock() throws Exception {
    Handoff owned = VertxHandoff.create(Fixtures.config(server.baseUrl()));
    assertThat(owned.warmTransfer(WARM).status()).isEqualTo(201);
    CompletableFuture<Boolean> closedOnLoop = new CompletableFuture<>();
    clientVertx.runOnContext(
        ignored -> {
          owned.close();
          closedOnLoop.complete(Context.isOnEventLoopThread());
        });

    assertThat(closedOnLoop.get(10, TimeUnit.SECONDS)).isTrue();
  }

  private static List<Thread> newEventLoops(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .filter(thread -> thread.getName().startsWith("vert.x-eventloop-thread-"))
        .collect(Collectors.toList());
  }
}
