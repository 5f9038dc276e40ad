package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static dev.handoff.testkit.contract.Fixtures.U3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle contract: {@link Handoff#close()} ends every thread the Handoff and its transport
 * started (counted by comparing the JVM's live threads before the Handoff was created and after it
 * closed), aborts what is in flight, may be called again harmlessly, and turns every later
 * operation into an {@link IllegalStateException}.
 *
 * <p>A transport names the threads it starts ({@link #isTransportThread}), and the threads its HTTP
 * library shares between all clients of the JVM and stops by itself once idle ({@link
 * #isSharedLibraryThread}), which no single client can end and which the transport's Javadoc must
 * document. Any other thread still alive after {@code close()} — apart from the fake server's own —
 * is a leak.
 */
public abstract class LifecycleContract {
  private static final String OPERATION = "warm transfer";

  /** How long {@code close()}'s threads may take to end: a bound, not a benchmark. */
  private static final Duration JOIN = Duration.ofSeconds(15);

  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, U1, U3);

  private @Nullable FakePlivoServer server;

  /** For subclasses. */
  protected LifecycleContract() {}

  /**
   * A Handoff over the transport under test, configured with {@code config} and owning everything
   * it runs on; the suite closes it.
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  /**
   * Whether {@code thread} is one the transport starts for a Handoff, and so must have ended once
   * that Handoff is closed: OkHttp's dispatcher threads, say, or an owned Vert.x's event loops.
   */
  protected abstract boolean isTransportThread(Thread thread);

  /**
   * Whether {@code thread} belongs to the transport's library as a whole, shared by every client in
   * the JVM and ended by the library itself once idle (OkHttp's {@code TaskRunner} threads, say).
   * None by default.
   */
  protected boolean isSharedLibraryThread(Thread thread) {
    return false;
  }

  /**
   * Whether this transport provides itself to {@code Handoff.create(HandoffConfig)} ({@code
   * provides dev.handoff.spi.TransportProvider} and {@code META-INF/services}), and is the only
   * transport on the test's class path or module path. True by default; a transport made only by
   * its own factory says false.
   */
  protected boolean isDiscoverable() {
    return true;
  }

  /**
   * {@code Handoff.create(config)} finds the transport, alone and by its name: both send through it
   * (its name in the {@code User-Agent}, as its own factory's Handoff sends).
   */
  @Test
  void handoffCreateFindsTheTransportAloneAndByName() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        isDiscoverable(), "the transport is made only by its own factory");
    FakePlivoServer plivo = server();
    HandoffConfig config = Fixtures.config(plivo, Duration.ofSeconds(10));
    try (Handoff own = createHandoff(config)) {
      own.readNode(new ReadNode(PHLO, NODE));
    }
    String userAgent = String.valueOf(plivo.takeHttpRequest().header("User-Agent"));
    String name = userAgent.substring(userAgent.indexOf('(') + 1, userAgent.indexOf(';'));
    try (Handoff found = Handoff.create(config);
        Handoff chosen = Handoff.create(config.toBuilder().transport(name).build())) {
      assertThat(found.readNode(new ReadNode(PHLO, NODE)).nodeId()).isEqualTo(NODE);
      assertThat(chosen.readNode(new ReadNode(PHLO, NODE)).nodeId()).isEqualTo(NODE);
    }
    assertThat(plivo.takeHttpRequest().header("User-Agent")).isEqualTo(userAgent);
    assertThat(plivo.takeHttpRequest().header("User-Agent")).isEqualTo(userAgent);
  }

  @BeforeEach
  void startServer() {
    server = Fixtures.startServer();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * After answers, failures and an exchange still in flight, {@code close()} fails the one in
   * flight and ends every thread the Handoff started.
   */
  @Test
  void closeEndsEveryThreadTheHandoffStarted() throws Exception {
    FakePlivoServer plivo = server();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Handoff handoff = createHandoff(Fixtures.config(plivo.baseUrl(), Duration.ofSeconds(30)));

    assertThat(handoff.warmTransfer(WARM).status()).isEqualTo(201);
    assertThat(handoff.readNodeAsync(new ReadNode(PHLO, NODE)).get(30, TimeUnit.SECONDS).nodeId())
        .isEqualTo(NODE);
    plivo.enqueue(ScriptedResponse.resetAfterRequest());
    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isInstanceOf(TransportFailureException.class);
    plivo.enqueue(ScriptedResponse.noAnswer());
    CompletableFuture<Receipt> inFlight = handoff.warmTransferAsync(WARM);
    plivo.takeHttpRequest();
    plivo.takeHttpRequest();
    plivo.takeHttpRequest();
    plivo.takeHttpRequest(); // the fourth: the exchange in flight reached the server

    List<Thread> started = newThreads(before);
    assertThat(started)
        .as("threads the Handoff started: " + names(started))
        .anyMatch(thread -> thread.getName().startsWith("handoff-timer-"))
        .anyMatch(this::isTransportThread);

    handoff.close();

    assertThat(inFlight).isCompletedExceptionally();
    assertThatThrownBy(() -> inFlight.get(0, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TransportFailureException.class);
    long deadline = System.nanoTime() + JOIN.toNanos();
    // Also the threads close() itself started (Netty runs a terminated event loop group's
    // listeners on its globalEventExecutor thread, which ends after a second of quiet).
    for (Thread thread : newThreads(before)) {
      if (mustEnd(thread)) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    }
    List<Thread> alive =
        newThreads(before).stream().filter(this::mustEnd).collect(Collectors.toList());
    assertThat(alive).as("threads alive after close(): " + names(alive)).isEmpty();
  }

  /**
   * A completion callback that blocks (a JDBC write, a follow-up blocking transfer) delays no other
   * operation's deadline: the first operation's deadline ends it and its callback blocks; a second
   * operation, started after, still fails at its own deadline while the first callback is blocked.
   * Handoff's timer never runs the callback; the transport's threads are not needed for either.
   */
  @Test
  void aBlockingCallbackDelaysNoOtherOperationsDeadline() throws Exception {
    FakePlivoServer plivo = server();
    plivo.enqueue(ScriptedResponse.noAnswer()).enqueue(ScriptedResponse.noAnswer());
    Handoff handoff = createHandoff(Fixtures.config(plivo.baseUrl(), Duration.ofMillis(300)));
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> blockedOn = new CompletableFuture<>();
    try {
      handoff
          .warmTransferAsync(WARM)
          .whenComplete(
              (receipt, failure) -> {
                blockedOn.complete(Thread.currentThread().getName());
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      assertThat(blockedOn.get(10, TimeUnit.SECONDS))
          .as("the thread the first callback blocks")
          .doesNotStartWith("handoff-timer-");

      CompletableFuture<Receipt> second = handoff.warmTransferAsync(WARM);

      assertThat(catchThrowable(() -> second.get(10, TimeUnit.SECONDS)))
          .as("the second operation's deadline, while the first callback blocks")
          .isInstanceOf(ExecutionException.class)
          .hasCauseExactlyInstanceOf(DeadlineExceededException.class);
      assertThat(release.getCount()).as("the first callback still blocks").isEqualTo(1);
    } finally {
      release.countDown();
      handoff.close();
    }
  }

  /**
   * Every configuration {@code HandoffConfig} accepts, the edges of its rules included (ports 1 and
   * 65535, an IPv6 loopback host), makes a Handoff on this transport; an operation then fails typed
   * ({@code NOT_SENT}: nothing listens there), never with a transport's own {@code
   * IllegalArgumentException} (issue 13, D10).
   */
  @Test
  void everyConfigurationTheCoreAcceptsMakesAHandoff() throws Exception {
    for (String base : List.of("http://127.0.0.1:1", "http://127.0.0.1:65535", "http://[::1]:1")) {
      HandoffConfig config =
          HandoffConfig.builder(Fixtures.CREDENTIALS)
              .phloBaseUrl(base)
              .voiceBaseUrl(base)
              .connectTimeout(Duration.ofSeconds(2))
              .timeout(Duration.ofSeconds(10))
              .retryPolicy(RetryPolicy.none())
              .build();
      Handoff handoff = createHandoff(config);
      try {
        Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));
        assertThat(failure)
            .as(base)
            .isInstanceOfSatisfying(
                TransportFailureException.class,
                e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT));
      } finally {
        handoff.close();
      }
    }
  }

  /** {@code close()} twice is harmless; every operation after it fails at once. */
  @Test
  void closeTwiceThenEveryOperationFailsWithIllegalStateException() {
    Handoff handoff = createHandoff(Fixtures.config(server().baseUrl(), Duration.ofSeconds(30)));
    assertThat(handoff.warmTransfer(WARM).status()).isEqualTo(201);

    handoff.close();
    handoff.close();

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed")
        .hasMessageContaining(OPERATION);
    assertThatThrownBy(() -> handoff.warmTransferAsync(WARM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> handoff.readNodeAsync(new ReadNode(PHLO, NODE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(server().requestCount()).as("requests sent").isEqualTo(1);
  }

  /**
   * Whether a thread started during the test must have ended: anything but the fake server's
   * threads and the library's shared ones. JUnit's and the JVM's own threads, started earlier, are
   * not in the comparison at all.
   */
  private boolean mustEnd(Thread thread) {
    return !thread.getName().startsWith("MockWebServer") && !isSharedLibraryThread(thread);
  }

  private static List<Thread> newThreads(Set<Thread> before) {
    Set<Thread> known = new HashSet<>(before);
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !known.contains(thread))
        .filter(Thread::isAlive)
        .collect(Collectors.toList());
  }

  private static String names(List<Thread> threads) {
    return threads.stream()
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private FakePlivoServer server() {
    return Objects.requireNonNull(server, "no server: @BeforeEach did not run");
  }
}
