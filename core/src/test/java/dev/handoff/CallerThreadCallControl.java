package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link CallControl} that runs blocking attempts on the caller's thread, as the Retrofit
 * transport does ({@link #sendBlocking}), each one playing the next step of its script: an answer,
 * a failure, or a stall that, like a thread blocked in socket I/O, neither notices nor clears an
 * interrupt and ends only when Handoff aborts it. Every blocking attempt is recorded; asynchronous
 * attempts (retries) go to {@link #async}.
 */
class CallerThreadCallControl implements CallControl {
  /** One blocking attempt: what was sent, on which thread, and its abort signal. */
  record Blocking(PlivoRequest request, Thread thread, CompletionStage<?> abort) {
    boolean aborted() {
      return abort.toCompletableFuture().isDone();
    }
  }

  private static final Object STALL = new Object();

  final ScriptedCallControl async = new ScriptedCallControl();
  final List<Blocking> blocking = new CopyOnWriteArrayList<>();
  private final Queue<Object> script = new ConcurrentLinkedQueue<>();
  private final Semaphore entered = new Semaphore(0);

  CallerThreadCallControl answer(int status, String... pairs) {
    script.add(ScriptedCallControl.json(status, null, pairs));
    return this;
  }

  CallerThreadCallControl fail(RuntimeException failure) {
    script.add(failure);
    return this;
  }

  CallerThreadCallControl stall() {
    script.add(STALL);
    return this;
  }

  /** Waits, at most 5 s, until a blocking attempt has started. */
  void awaitEntered() throws InterruptedException {
    assertThat(entered.tryAcquire(5, TimeUnit.SECONDS)).as("a blocking attempt started").isTrue();
  }

  @Override
  public PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
    blocking.add(new Blocking(wire.request(), Thread.currentThread(), abort));
    entered.release();
    Object step = script.poll();
    if (step instanceof PlivoResponse answer) {
      return answer;
    }
    if (step instanceof RuntimeException failure) {
      throw failure;
    }
    if (step != STALL) {
      throw new IllegalStateException("no step scripted for blocking attempt " + blocking.size());
    }
    CompletableFuture<?> aborted = abort.toCompletableFuture();
    while (!aborted.isDone()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // returns at once if interrupted
    }
    throw new IllegalStateException("aborted");
  }

  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    return async.send(wire);
  }

  @Override
  public void close() {
    async.close();
  }
}
