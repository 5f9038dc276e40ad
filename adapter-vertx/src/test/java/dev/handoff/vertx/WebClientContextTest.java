package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Receipt;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An operation started on a verticle's event loop is retried on it and completes on it, whatever
 * happens (issue 13, D6): after a retry, and after its deadline, which Handoff's own threads used
 * to complete. Each case runs with the Handoff over the verticle's own {@code Vertx} (borrowed) and
 * over a {@code Vertx} of its own (owned), whose event loops are not the verticle's.
 */
class WebClientContextTest {
  private static final String RATE_LIMITED =
      "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}";

  /** Which {@code Vertx} the Handoff runs on. */
  enum Over {
    VERTICLES_VERTX,
    ITS_OWN_VERTX
  }

  private Vertx vertx;
  private @Nullable RawServer peer;
  private @Nullable Handoff handoff;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (handoff != null) {
      handoff.close();
    }
    if (peer != null) {
      peer.close();
    }
    RecordingServer.await(vertx.close());
  }

  @ParameterizedTest
  @EnumSource(Over.class)
  void anAnsweredOperationCompletesOnTheVerticlesEventLoop(Over over) throws Exception {
    peer = RawServer.start();
    handoff = handoff(over, config(peer, Duration.ofSeconds(10)));

    Completion<Receipt> completion =
        fromVerticle(ThreadingModel.EVENT_LOOP, handoff::warmTransferAsync);

    assertThat(completion.value()).isEqualTo(new Receipt(201, "own-answer"));
    completion.assertOnTheVerticlesContext();
  }

  @ParameterizedTest
  @EnumSource(Over.class)
  void aRetriedOperationCompletesOnTheVerticlesEventLoop(Over over) throws Exception {
    peer = RawServer.start(RawServer.write(RATE_LIMITED));
    handoff = handoff(over, config(peer, Duration.ofSeconds(10)));

    Completion<Receipt> completion =
        fromVerticle(ThreadingModel.EVENT_LOOP, handoff::warmTransferAsync);

    assertThat(completion.value()).isEqualTo(new Receipt(201, "own-answer"));
    completion.assertOnTheVerticlesContext();
    assertThat(peer.requestCount()).as("requests: the 429, then the retry").isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Over.class)
  void anOperationPastItsDeadlineCompletesOnTheVerticlesEventLoop(Over over) throws Exception {
    peer = RawServer.start(new RawServer.Silent());
    handoff = handoff(over, config(peer, Duration.ofMillis(300)));

    Completion<Receipt> completion =
        fromVerticle(ThreadingModel.EVENT_LOOP, handoff::warmTransferAsync);

    assertThat(completion.failure()).isInstanceOf(DeadlineExceededException.class);
    completion.assertOnTheVerticlesContext();
  }

  /**
   * A worker verticle may block: a blocking form's retry must not wait for the worker's context,
   * which the blocked caller holds (the operation would never end, not even at its deadline).
   */
  @ParameterizedTest
  @EnumSource(Over.class)
  void aWorkerVerticleMayBlockOnARetriedOperation(Over over) throws Exception {
    peer = RawServer.start(RawServer.write(RATE_LIMITED));
    handoff = handoff(over, config(peer, Duration.ofSeconds(10)));
    Handoff blocking = handoff;

    Completion<Receipt> completion =
        fromVerticle(
            ThreadingModel.WORKER,
            request -> CompletableFuture.completedFuture(blocking.warmTransfer(request)));

    assertThat(completion.value()).isEqualTo(new Receipt(201, "own-answer"));
    assertThat(peer.requestCount()).isEqualTo(2);
  }

  private Handoff handoff(Over over, HandoffConfig config) {
    return over == Over.VERTICLES_VERTX
        ? WebClientHandoff.create(vertx, config)
        : WebClientHandoff.create(config);
  }

  private static HandoffConfig config(RawServer peer, Duration timeout) {
    return Fixtures.config(peer.baseUrl(), timeout).toBuilder()
        .retryPolicy(RetryPolicy.defaults())
        .build();
  }

  /**
   * Deploys a verticle of {@code model} whose start calls {@code operation} with {@link
   * Fixtures#WARM}, and waits (at most 20 s) for the operation's outcome and where it came.
   */
  private <T> Completion<T> fromVerticle(
      ThreadingModel model, Function<dev.handoff.model.WarmTransfer, CompletionStage<T>> operation)
      throws Exception {
    CompletableFuture<Completion<T>> done = new CompletableFuture<>();
    VerticleBase verticle =
        new VerticleBase() {
          @Override
          public Future<?> start() {
            Context started = Vertx.currentContext();
            Thread thread = Thread.currentThread();
            operation
                .apply(WARM)
                .whenComplete(
                    (value, failure) ->
                        done.complete(
                            new Completion<>(
                                started,
                                thread,
                                Vertx.currentContext(),
                                Thread.currentThread(),
                                value,
                                failure)));
            return Future.succeededFuture();
          }
        };
    RecordingServer.await(
        vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(model)));
    return done.get(20, TimeUnit.SECONDS);
  }

  /** An operation's outcome, with the context and thread it started on and completed on. */
  private record Completion<T>(
      Context started,
      Thread startThread,
      @Nullable Context completed,
      Thread completionThread,
      @Nullable T result,
      @Nullable Throwable thrown) {
    @Nullable T value() {
      if (thrown != null) {
        throw new AssertionError("expected a result, got " + thrown, thrown);
      }
      return result;
    }

    @Nullable Throwable failure() {
      assertThat(thrown).as("the operation's failure").isNotNull();
      return thrown;
    }

    void assertOnTheVerticlesContext() {
      assertThat(startThread.getName()).startsWith("vert.x-eventloop-thread-");
      assertThat(completionThread).as("the thread it completed on").isSameAs(startThread);
      assertThat(completed).as("the context it completed on").isSameAs(started);
    }
  }
}
