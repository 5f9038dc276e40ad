package dev.handoff;

import static dev.handoff.OpenHandoffs.WARM;
import static dev.handoff.ScriptedCallControl.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.internal.Failures;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The interceptor chain: the documented order of validation, interceptors, retries, deadline and
 * listener events ({@link Interceptor}), and what an interceptor at each level may do.
 */
class InterceptorTest {
  private final OpenHandoffs handoffs = new OpenHandoffs();

  @AfterEach
  void closeAll() {
    handoffs.close();
  }

  private Handoff handoff(CallControl transport, Consumer<HandoffConfig.Builder> settings) {
    return handoffs.open(transport, settings);
  }

  /** An interceptor that logs when it is entered and when what it passed on came back. */
  private static Interceptor logging(List<String> log, String name) {
    return chain -> {
      log.add(name + " in " + chain.attempt());
      return chain
          .proceed()
          .thenApply(
              response -> {
                log.add(name + " out " + chain.attempt() + " " + response.status());
                return response;
              });
    };
  }

  @Test
  void everythingHappensInTheDocumentedOrder() {
    RecordingListener listener = new RecordingListener();
    List<String> log = listener.events;
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(json(429, "0")).answer(201, "api_id", "r1");
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.listener(listener)
                    .addOperationInterceptor(logging(log, "opA"))
                    .addOperationInterceptor(logging(log, "opB"))
                    .addAttemptInterceptor(logging(log, "atX"))
                    .addAttemptInterceptor(logging(log, "atY")));

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "r1"));

    assertThat(log)
        .containsExactly(
            "operationStarted warm_transfer",
            "opA in 0",
            "opB in 0",
            "attemptStarted 1",
            "atX in 1",
            "atY in 1",
            "atY out 1 429",
            "atX out 1 429",
            "responseReceived 1 429",
            "retryScheduled 1 RateLimitedException",
            "attemptStarted 2",
            "atX in 2",
            "atY in 2",
            "atY out 2 201",
            "atX out 2 201",
            "responseReceived 2 201",
            "opB out 0 201",
            "opA out 0 201",
            "operationSucceeded 2");
    assertThat(transport.sent).hasSize(2);
  }

  @Test
  void anOperationInterceptorMayAnswerWithoutSending() {
    RecordingListener listener = new RecordingListener();
    ScriptedCallControl transport = new ScriptedCallControl();
    PlivoResponse stored = PlivoResponse.json(201, null, Map.of("api_id", "first"));
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.listener(listener)
                    .addOperationInterceptor(chain -> CompletableFuture.completedFuture(stored)));

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "first"));
    assertThat(handoff.warmTransferAsync(WARM).join()).isEqualTo(new Receipt(201, "first"));

    assertThat(transport.sent).isEmpty();
    assertThat(listener.events)
        .containsExactly(
            "operationStarted warm_transfer",
            "operationSucceeded 0",
            "operationStarted warm_transfer",
            "operationSucceeded 0");
  }

  @Test
  void aResponseAnInterceptorReturnsIsMappedLikePlivosOwn() {
    ScriptedCallControl transport = new ScriptedCallControl();
    PlivoResponse notFound =
        PlivoResponse.json(404, null, Map.of("api_id", "a1", "error", "not found"));
    Handoff handoff =
        handoff(
            transport,
            b -> b.addOperationInterceptor(chain -> CompletableFuture.completedFuture(notFound)));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(NotFoundException.class)
        .hasMessageContaining("api_id a1");
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void anOperationInterceptorMayFailFastWithAHandoffException() {
    ScriptedCallControl transport = new ScriptedCallControl();
    NotPermittedException refusal =
        (NotPermittedException) Failures.get().plivoError(WARM, 403, null, "refused", null, null);
    Handoff handoff =
        handoff(
            transport,
            b -> b.addOperationInterceptor(chain -> CompletableFuture.failedFuture(refusal)));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM)).isSameAs(refusal);
    assertThat(catchThrowable(() -> handoff.warmTransferAsync(WARM).join()))
        .isInstanceOf(CompletionException.class)
        .hasCause(refusal);
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void anExceptionAnOperationInterceptorThrowsIsAValidationFailureForBothForms() {
    RecordingListener listener = new RecordingListener();
    ScriptedCallControl transport = new ScriptedCallControl();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.listener(listener)
                    .addOperationInterceptor(
                        chain -> {
                          throw new IllegalArgumentException(
                              "idempotencyKey was used for another request");
                        }));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("idempotencyKey was used for another request");
    assertThatThrownBy(() -> handoff.warmTransferAsync(WARM))
        .isExactlyInstanceOf(IllegalArgumentException.class);

    assertThat(transport.sent).isEmpty();
    assertThat(listener.events)
        .containsExactly(
            "operationStarted warm_transfer",
            "operationFailed 0 IllegalArgumentException",
            "operationStarted warm_transfer",
            "operationFailed 0 IllegalArgumentException");
  }

  @Test
  void anOperationInterceptorsOwnFailureBeforeSendingIsNotSent() {
    ScriptedCallControl transport = new ScriptedCallControl();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.addOperationInterceptor(
                    chain ->
                        CompletableFuture.failedFuture(new IllegalStateException("store down"))));

    TransportFailureException failure =
        (TransportFailureException) catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure.delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(failure)
        .hasMessage(
            "warm transfer was not sent: an operation interceptor failed"
                + " (IllegalStateException: store down)")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void anOperationInterceptorsFailureAfterSendingMayHaveTakenEffect() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "r1");
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.addOperationInterceptor(
                    chain ->
                        chain
                            .proceed()
                            .thenApply(
                                response -> {
                                  throw new IllegalStateException("could not store the outcome");
                                })));

    TransportFailureException failure =
        (TransportFailureException) catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(failure.getMessage())
        .endsWith("; the outcome is unknown: Plivo may have performed it");
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void anAttemptInterceptorsFailureBeforeTheTransportIsNotSentAndRetried() {
    RecordingListener listener = new RecordingListener();
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "r1");
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.listener(listener)
                    .addAttemptInterceptor(
                        chain -> {
                          attempts.add(chain.attempt());
                          return chain.attempt() == 1
                              ? CompletableFuture.failedFuture(new IllegalStateException("busy"))
                              : chain.proceed();
                        }));

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("r1");

    assertThat(attempts).containsExactly(1, 2);
    assertThat(transport.sent).hasSize(1);
    assertThat(listener.events).contains("attemptFailed 1 NOT_SENT", "responseReceived 2 201");
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void attemptInterceptorsSeeEveryAttemptAndTheTimeLeft() {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(json(429, "0")).answer(json(429, "0")).answer(201);
    List<String> seen = new CopyOnWriteArrayList<>();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.timeout(Duration.ofSeconds(30))
                    .addOperationInterceptor(
                        chain -> {
                          seen.add("operation " + chain.attempt() + " " + chain.request());
                          return chain.proceed();
                        })
                    .addAttemptInterceptor(
                        chain -> {
                          Duration left = chain.remaining();
                          seen.add(
                              "attempt "
                                  + chain.attempt()
                                  + (left.compareTo(Duration.ZERO) > 0
                                          && left.compareTo(Duration.ofSeconds(30)) <= 0
                                      ? " in time"
                                      : " " + left));
                          return chain.proceed();
                        }));

    assertThat(handoff.warmTransfer(WARM).status()).isEqualTo(201);

    assertThat(seen)
        .containsExactly(
            "operation 0 " + WARM, "attempt 1 in time", "attempt 2 in time", "attempt 3 in time");
  }

  @Test
  void everyChainOfOneOperationSharesItsAttributesAndNoOtherOperationSeesThem() {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(json(429, "0")).answer(201).answer(201);
    Object key = new Object();
    List<String> seen = new CopyOnWriteArrayList<>();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.timeout(Duration.ofSeconds(30))
                    .addOperationInterceptor(
                        chain -> {
                          seen.add("operation sees " + chain.attributes().get(key));
                          chain.attributes().put(key, "op" + seen.size());
                          return chain.proceed();
                        })
                    .addAttemptInterceptor(
                        chain -> {
                          seen.add(
                              "attempt "
                                  + chain.attempt()
                                  + " sees "
                                  + chain.attributes().get(key));
                          return chain.proceed();
                        }));

    // The same request record twice: the map belongs to the operation, not to the request.
    assertThat(handoff.warmTransfer(WARM).status()).isEqualTo(201);
    assertThat(handoff.warmTransfer(WARM).status()).isEqualTo(201);

    assertThat(seen)
        .containsExactly(
            "operation sees null",
            "attempt 1 sees op1",
            "attempt 2 sees op1",
            "operation sees null",
            "attempt 1 sees op4");
  }

  @Test
  void anAttemptInterceptorThatDelaysTheAttemptStillHasItRunOnTheWaitingCallersThread() {
    CallerThreadCallControl transport =
        new CallerThreadCallControl().answer(201, "api_id", "later");
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.addAttemptInterceptor(
                    chain ->
                        CompletableFuture.supplyAsync(
                                () -> null,
                                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> chain.proceed())));

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("later");

    // The interceptor went on on a timer's thread; the exchange came back to the caller, which
    // waited anyway: no hand-off to the transport's threads and back.
    assertThat(transport.blocking).hasSize(1);
    assertThat(transport.blocking.get(0).thread()).isEqualTo(Thread.currentThread());
    assertThat(transport.async.sent).isEmpty();
  }

  @Test
  void anOperationInterceptorThatBlocksOnTheChainInTheCallersThreadDoesNotHangIt() {
    CallerThreadCallControl transport = new CallerThreadCallControl();
    transport.async.answer(201, "api_id", "async");
    Handoff handoff =
        handoff(
            transport,
            b ->
                // Against the advice (interceptors should not block), but it must not hang: the
                // caller is inside start() here, not waiting for work.
                b.addOperationInterceptor(
                        chain ->
                            CompletableFuture.completedFuture(
                                chain.proceed().toCompletableFuture().join()))
                    .addAttemptInterceptor(
                        chain ->
                            CompletableFuture.supplyAsync(
                                    () -> null,
                                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                                .thenCompose(ignored -> chain.proceed())));

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("async");

    assertThat(transport.blocking).isEmpty();
    assertThat(transport.async.sent).hasSize(1);
  }

  @Test
  void aBlockingCallersFirstAttemptStillRunsOnItsThreadThroughInterceptors() {
    CallerThreadCallControl transport = new CallerThreadCallControl().answer(201, "api_id", "r1");
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.addOperationInterceptor(Interceptor.Chain::proceed)
                    .addAttemptInterceptor(Interceptor.Chain::proceed));

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("r1");

    assertThat(transport.blocking)
        .singleElement()
        .satisfies(attempt -> assertThat(attempt.thread()).isSameAs(Thread.currentThread()));
    assertThat(transport.async.sent).isEmpty();
  }

  @Test
  void theDeadlineEndsAnOperationAnInterceptorHolds() {
    ScriptedCallControl transport = new ScriptedCallControl();
    CompletableFuture<PlivoResponse> never = new CompletableFuture<>();
    Handoff handoff =
        handoff(
            transport,
            b -> b.timeout(Duration.ofMillis(50)).addOperationInterceptor(chain -> never));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(DeadlineExceededException.class);
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void anAttemptThatReachesTheTransportAfterTheDeadlineIsNeverSent() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201);
    CompletableFuture<Interceptor.Chain> held = new CompletableFuture<>();
    CompletableFuture<PlivoResponse> release = new CompletableFuture<>();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.timeout(Duration.ofMillis(50))
                    .addAttemptInterceptor(
                        chain -> {
                          held.complete(chain);
                          return release;
                        }));

    CompletableFuture<Receipt> result = handoff.warmTransferAsync(WARM);
    assertThat(catchThrowable(() -> result.get(5, TimeUnit.SECONDS)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseExactlyInstanceOf(DeadlineExceededException.class);
    assertThat(catchThrowable(() -> release.get(5, TimeUnit.SECONDS)))
        .as("the held stage is cancelled")
        .isInstanceOf(CancellationException.class);

    CompletionStage<PlivoResponse> late = held.get(5, TimeUnit.SECONDS).proceed();

    assertThat(late.toCompletableFuture()).isCompletedExceptionally();
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void operationInterceptorsLearnHowAnOperationTheyPassedOnEnded() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().hang();
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.timeout(Duration.ofMillis(50))
                    .addOperationInterceptor(
                        chain ->
                            chain
                                .proceed()
                                .whenComplete((response, failure) -> seen.complete(failure))));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(DeadlineExceededException.class);

    assertThat(seen.get(5, TimeUnit.SECONDS)).isInstanceOf(DeadlineExceededException.class);
    transport.attempt(0).awaitCancelled();
  }

  @Test
  void proceedingTwiceNeverSendsTwice() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201).answer(201);
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.addAttemptInterceptor(
                    chain -> {
                      chain.proceed();
                      return chain.proceed();
                    }));

    TransportFailureException failure =
        (TransportFailureException) catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(failure.getCause())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("proceed() was called twice for warm transfer (attempt 1)");
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void anInterceptorReturningNullFailsTheAttemptInsteadOfStrandingIt() {
    ScriptedCallControl transport = new ScriptedCallControl();
    Handoff handoff =
        handoff(
            transport, b -> b.retryPolicy(RetryPolicy.none()).addAttemptInterceptor(chain -> null));

    TransportFailureException failure =
        (TransportFailureException) catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure.delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(failure.getCause()).hasMessageEndingWith(".intercept returned null");
    assertThat(transport.sent).isEmpty();
  }
}
