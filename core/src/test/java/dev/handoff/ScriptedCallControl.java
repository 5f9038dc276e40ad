package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link CallControl} that plays a script: each attempt takes the next scripted future (an
 * answer, a failure, or one that never completes), and every attempt is recorded with the method it
 * came through and whether its future was cancelled.
 */
class ScriptedCallControl implements CallControl {
  /** One attempt as the transport saw it. */
  record Sent(String method, PlivoRequest request, CompletableFuture<PlivoResponse> future) {
    /** Waits, at most 5 s, until Handoff has cancelled this attempt's future. */
    void awaitCancelled() {
      assertThat(catchThrowable(() -> future.get(5, TimeUnit.SECONDS)))
          .as("%s attempt of %s cancelled", method, request.operation())
          .isInstanceOf(CancellationException.class);
    }
  }

  private final Queue<Supplier<CompletableFuture<PlivoResponse>>> script =
      new ConcurrentLinkedQueue<>();
  private final Semaphore sentSignal = new Semaphore(0);
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final AtomicInteger closes = new AtomicInteger();
  volatile boolean nonBlockingThread;

  /** Answers the next attempt with {@code status} and a JSON object of {@code pairs}. */
  ScriptedCallControl answer(int status, String... pairs) {
    return answer(json(status, null, pairs));
  }

  ScriptedCallControl answer(PlivoResponse answer) {
    script.add(() -> CompletableFuture.completedFuture(answer));
    return this;
  }

  /** Fails the next attempt with {@code failure}, as a transport reports no usable answer. */
  ScriptedCallControl fail(Throwable failure) {
    script.add(() -> CompletableFuture.failedFuture(failure));
    return this;
  }

  /** The next attempt never completes unless cancelled. */
  ScriptedCallControl hang() {
    script.add(CompletableFuture::new);
    return this;
  }

  /** The next attempt returns {@code future}, which the test completes. */
  ScriptedCallControl pending(CompletableFuture<PlivoResponse> future) {
    script.add(() -> future);
    return this;
  }

  static PlivoResponse json(int status, String retryAfter, String... pairs) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      body.put(pairs[i], pairs[i + 1]);
    }
    return PlivoResponse.json(status, retryAfter, body);
  }

  /** Waits, at most 5 s, until {@code attempts} more attempts were sent. */
  void awaitSent(int attempts) throws InterruptedException {
    assertThat(sentSignal.tryAcquire(attempts, 5, TimeUnit.SECONDS))
        .as("%d attempt(s) sent", attempts)
        .isTrue();
  }

  Sent attempt(int index) {
    return sent.get(index);
  }

  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    return next("send", wire);
  }

  @Override
  public boolean isNonBlockingThread() {
    return nonBlockingThread;
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }

  CompletableFuture<PlivoResponse> next(String method, Wire wire) {
    PlivoRequest request = wire.request();
    Supplier<CompletableFuture<PlivoResponse>> step = script.poll();
    CompletableFuture<PlivoResponse> future =
        step == null
            ? CompletableFuture.failedFuture(
                new IllegalStateException("no answer scripted for attempt " + (sent.size() + 1)))
            : step.get();
    sent.add(new Sent(method, request, future));
    sentSignal.release();
    return future;
  }
}
