package dev.handoff;

import dev.handoff.internal.Failures;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of an {@link Operation}: its attempt interceptors, then the transport, through the
 * one door every attempt takes ({@link CallControl#send}, or {@link CallControl#sendBlocking} when
 * a blocking caller's first attempt reaches the transport on the caller's own thread). Holds what
 * must be aborted when the operation ends first: the transport's future, the blocking attempt's
 * abort signal, and the stage the interceptors returned.
 */
final class Exchange {
  final int number;
  private final Operation<?> operation;

  /** The transport's future, once {@link CallControl#send} returned it. */
  private volatile @Nullable CompletableFuture<PlivoResponse> transport;

  /** The abort signal of a blocking attempt, while the caller's thread may be inside it. */
  private volatile @Nullable CompletableFuture<Object> abort;

  /** The attempt's outcome as the attempt interceptors return it (the transport's, without any). */
  private volatile @Nullable CompletableFuture<PlivoResponse> outcome;

  /** The blocking caller while it is inside {@link CallControl#sendBlocking}, else null. */
  volatile @Nullable Thread callerInAttempt;

  /** Whether this attempt was handed to the transport (so Plivo may have performed it). */
  volatile boolean reachedTransport;

  Exchange(Operation<?> operation, int number) {
    this.operation = operation;
    this.number = number;
  }

  /** Runs the attempt interceptors and, through them, the transport. */
  CompletableFuture<PlivoResponse> start() {
    List<Interceptor> around = operation.engine.attemptInterceptors;
    CompletableFuture<PlivoResponse> started =
        around.isEmpty() ? send() : future(new Link(operation, this, around, 0).proceed());
    outcome = started;
    return started;
  }

  /** The end of the attempt chain: hands the attempt to the transport, unless it ended. */
  CompletableFuture<PlivoResponse> send() {
    if (operation.result.isDone()) {
      return CompletableFuture.failedFuture(
          new CancellationException(
              operation.request.displayName() + " ended before this attempt"));
    }
    reachedTransport = true;
    operation.reachedTransport = true;
    Thread caller = operation.takeBlockingCaller(number);
    if (caller != null) {
      return sendOnCallerThread(caller);
    }
    CallerMailbox waiting = operation.waitingCaller(number);
    if (waiting != null) {
      CompletableFuture<PlivoResponse> handed = new CompletableFuture<>();
      if (waiting.post(
          () -> RateBudgetInterceptor.relay(sendOnCallerThread(waiting.caller), handed))) {
        return handed;
      }
    }
    CompletableFuture<PlivoResponse> sent;
    try {
      sent = operation.engine.callControl.send(operation.wire);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    transport = sent;
    if (operation.result.isDone()) {
      sent.cancel(true); // the deadline or close() came while the transport started
    }
    return sent.exceptionally(Exchange::acceptedDespiteBody);
  }

  /**
   * A 2xx whose body was too large to read is Plivo's acceptance all the same (issue 14): it
   * becomes a response whose body is marked unread, which maps to a receipt saying so. Every other
   * failure passes on as it is.
   */
  static PlivoResponse acceptedDespiteBody(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof TransportFailureException transport) {
      int status = Failures.get().unreadBodyStatus(transport);
      if (status >= 200 && status <= 299) {
        return PlivoResponse.unread(
            status, null, "the body is larger than " + Wire.MAX_RESPONSE_BYTES + " bytes");
      }
    }
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    throw new CompletionException(failure);
  }

  /**
   * The first attempt of a blocking form, on the caller's thread. While the caller is inside the
   * transport, {@link #abort} is what {@link #cancel()} completes (deadline, close, interrupt).
   */
  private CompletableFuture<PlivoResponse> sendOnCallerThread(Thread caller) {
    if (caller.isInterrupted()) {
      operation.interruptedBeforeSending();
      return CompletableFuture.failedFuture(new CancellationException("interrupted"));
    }
    CompletableFuture<Object> signal = new CompletableFuture<>();
    abort = signal;
    if (operation.result.isDone()) {
      // The deadline or close() came first; cancel() may not have seen the signal.
      return CompletableFuture.failedFuture(new CancellationException("ended before sending"));
    }
    DeadlineSweep deadlines = operation.engine.deadlines;
    PlivoResponse response = null;
    RuntimeException error = null;
    callerInAttempt = caller;
    deadlines.callerEntered();
    try {
      response = operation.engine.callControl.sendBlocking(operation.wire, signal);
    } catch (RuntimeException e) {
      error = e;
    } finally {
      deadlines.callerLeft();
      callerInAttempt = null;
      abort = null;
    }
    if (error != null) {
      if (caller.isInterrupted()) {
        // The interrupt, not the transport, ended the attempt (a response, though, is kept).
        operation.callerInterrupted();
      }
      try {
        return CompletableFuture.completedFuture(acceptedDespiteBody(error));
      } catch (RuntimeException failure) {
        return CompletableFuture.failedFuture(failure);
      }
    }
    return CompletableFuture.completedFuture(response);
  }

  /** Whether the attempt is inside the transport now, so that Plivo may be performing it. */
  boolean inTransport() {
    if (callerInAttempt != null) {
      return true;
    }
    CompletableFuture<PlivoResponse> sent = transport;
    return sent != null && !sent.isDone();
  }

  /** Aborts the attempt wherever it is: in the interceptors, in the transport, or blocked in it. */
  void cancel() {
    CompletableFuture<Object> signal = abort;
    if (signal != null) {
      signal.cancel(true);
    }
    CompletableFuture<PlivoResponse> sent = transport;
    if (sent != null && !sent.isDone()) {
      sent.cancel(true);
    }
    CompletableFuture<PlivoResponse> returned = outcome;
    if (returned != null && returned != sent && !returned.isDone()) {
      returned.cancel(true);
    }
  }

  /** The stage an interceptor returned, as a future that cancelling reaches when it can. */
  @SuppressWarnings("unchecked")
  static CompletableFuture<PlivoResponse> future(CompletionStage<PlivoResponse> stage) {
    if (stage instanceof CompletableFuture<?> future) {
      return (CompletableFuture<PlivoResponse>) future;
    }
    CompletableFuture<PlivoResponse> copy = new CompletableFuture<>();
    stage.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            copy.completeExceptionally(failure);
          } else {
            copy.complete(response);
          }
        });
    return copy;
  }
}
