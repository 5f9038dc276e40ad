package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.internal.Failures;
import dev.handoff.internal.Redactor;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One {@link Handoff} call: its operation interceptors, its attempts ({@link Exchange}) and the
 * retries between them, its deadline, its listener events and its result, in the order {@link
 * Interceptor} writes down. The counterpart of OkHttp's {@code RealCall}.
 *
 * <p>Thread-safety: attempts run one at a time, but on whichever thread reaches them (the caller's,
 * a transport's, Handoff's timer); the deadline sweep, {@code close()} and a caller's cancel race
 * with them. The final outcome is claimed once ({@link #finished}), and the listener's events are
 * delivered under one lock, so none interleaves and none follows the final one.
 */
final class Operation<T> {
  final Engine engine;
  final PlivoRequest request;
  final Wire wire;
  final CompletableFuture<T> result = new CompletableFuture<>();
  final long deadlineNanos;

  /** The idempotency key the operation was started with, or null. */
  final @Nullable IdempotencyKey key;

  /**
   * Whether the deadline may end this operation: from its first attempt's announcement, so that a
   * listener sees {@code attemptStarted} before a timeout's {@code operationFailed}; from the start
   * when operation interceptors may hold it before any attempt.
   */
  volatile boolean armed;

  /** Whether the operation failed because its blocking caller was interrupted. */
  volatile boolean interruptedCaller;

  /** Whether any attempt was handed to the transport. */
  volatile boolean reachedTransport;

  private final BiFunction<PlivoRequest, PlivoResponse, T> decoder;
  private final long startNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Object events = new Object();
  private volatile int attempts;
  private volatile @Nullable Exchange exchange;
  private volatile @Nullable ScheduledFuture<?> retry;

  /** Where retries and expiries run: the caller's context or the configured executor; or null. */
  private final @Nullable Executor executor;

  /** Whether the sweep has handed this operation's expiry (or interrupt) to its executor. */
  private final AtomicBoolean expiring = new AtomicBoolean();

  /** The blocking caller whose first attempt may run on its own thread, until it does. */
  private volatile @Nullable Thread blockingCaller;

  /**
   * The blocking caller's mailbox while it waits: a first attempt reaching the transport on another
   * thread is handed there ({@link Exchange#send}); null for the asynchronous forms.
   */
  private volatile @Nullable CallerMailbox mailbox;

  /** The thread inside {@link #start}, while it is. */
  private volatile @Nullable Thread startingThread;

  /** With operation interceptors: what the attempts came to, for the innermost of them. */
  private volatile @Nullable CompletableFuture<PlivoResponse> attemptsOutcome;

  /** The last response the attempts ended with, and the failure it means (null for a success). */
  private volatile @Nullable PlivoResponse lastResponse;

  private volatile @Nullable HandoffException lastFailure;

  /** The interceptors' per-operation state ({@link Interceptor.Chain#attributes()}), on demand. */
  private volatile @Nullable ConcurrentMap<Object, Object> attributes;

  Operation(
      Engine engine,
      PlivoRequest request,
      BiFunction<PlivoRequest, PlivoResponse, T> decoder,
      @Nullable IdempotencyKey key) {
    this.engine = engine;
    this.key = key;
    this.request = request;
    this.decoder = decoder;
    this.wire = engine.wires.apply(request);
    Executor context = engine.callControl.contextExecutor();
    this.executor = context != null ? context : engine.config.executor();
    this.startNanos = engine.nanoTime.getAsLong();
    this.deadlineNanos = startNanos + engine.timeoutNanos;
  }

  /**
   * Starts the operation: its event, its deadline, its operation interceptors and its first
   * attempt.
   *
   * @param caller the blocking form's caller, whose first attempt may run on its thread; null for
   *     the asynchronous forms
   * @throws RuntimeException what an operation interceptor threw as a validation failure
   */
  void start(@Nullable Thread caller) {
    if (engine.listening) {
      notify(listener -> listener.operationStarted(request));
    }
    result.whenComplete((value, failure) -> cleanUp(failure));
    if (!engine.deadlines.watch(this) || engine.closed.get()) {
      // close() may have passed over the operations in flight before this one joined them.
      fail(closedFailure(Delivery.NOT_SENT));
      return;
    }
    if (caller != null && caller.isInterrupted()) {
      interruptedBeforeSending();
      return;
    }
    blockingCaller = caller;
    if (caller != null) {
      mailbox = new CallerMailbox(caller);
    }
    startingThread = Thread.currentThread();
    try {
      if (engine.operationInterceptors.isEmpty()) {
        attempt();
      } else {
        aroundOperation();
      }
    } finally {
      blockingCaller = null;
      startingThread = null;
    }
  }

  private void aroundOperation() {
    armed = true;
    attemptsOutcome = new CompletableFuture<>();
    CompletionStage<PlivoResponse> returned;
    try {
      returned = new Link(this, null, engine.operationInterceptors, 0).proceed();
    } catch (RuntimeException validation) {
      fail(validation);
      throw validation;
    }
    returned.whenComplete(this::finish);
  }

  /** The innermost operation link's {@code proceed()}: the attempts, and what they come to. */
  CompletableFuture<PlivoResponse> runAttempts() {
    CompletableFuture<PlivoResponse> outcome = attemptsOutcome;
    attempt();
    return outcome == null ? CompletableFuture.failedFuture(new IllegalStateException()) : outcome;
  }

  /**
   * The interceptors' per-operation map, made on first use: an operation without interceptors, or
   * whose interceptors keep no state, allocates none.
   */
  ConcurrentMap<Object, Object> attributes() {
    ConcurrentMap<Object, Object> map = attributes;
    if (map == null) {
      synchronized (this) {
        map = attributes;
        if (map == null) {
          map = new ConcurrentHashMap<>(4);
          attributes = map;
        }
      }
    }
    return map;
  }

  boolean isStartingOnThisThread() {
    return startingThread == Thread.currentThread();
  }

  long remainingNanos() {
    return deadlineNanos - engine.nanoTime.getAsLong();
  }

  /** The blocking caller, once, if {@code number} is the first attempt and this is its thread. */
  @Nullable Thread takeBlockingCaller(int number) {
    Thread caller = blockingCaller;
    if (caller == null || number != 1 || caller != Thread.currentThread()) {
      return null;
    }
    blockingCaller = null;
    return caller;
  }

  /**
   * The waiting blocking caller's mailbox, if {@code number} is the first attempt of a blocking
   * form: where its exchange runs when it reaches the transport on another thread.
   */
  @Nullable CallerMailbox waitingCaller(int number) {
    return number == 1 ? mailbox : null;
  }

  /**
   * For the blocking forms, on the caller's thread after {@link #start}: waits for the result,
   * running the first attempt's exchange when it is handed over ({@link CallerMailbox}); an
   * interrupt ends the operation as {@link #interruptedWhileWaiting} says.
   */
  void awaitOnCaller() {
    CallerMailbox box = mailbox;
    if (box == null) {
      // It ended in start(), before its attempts: interrupted beforehand, or closed.
      if (!result.isDone()) {
        throw new IllegalStateException("a blocking operation without its caller's mailbox");
      }
      return;
    }
    box.awaitDone(result, this::interruptedWhileWaiting);
  }

  /** The blocking caller while its thread is inside the transport, for the deadline sweep. */
  @Nullable Thread callerInAttempt() {
    Exchange current = exchange;
    return current == null ? null : current.callerInAttempt;
  }

  private void attempt() {
    if (result.isDone()) {
      return;
    }
    int number = ++attempts; // attempts run one at a time
    if (engine.listening) {
      emit(listener -> listener.attemptStarted(request, number));
    }
    armed = true;
    Exchange attempt = new Exchange(this, number);
    exchange = attempt;
    CompletableFuture<PlivoResponse> outcome = attempt.start();
    if (result.isDone()) {
      attempt.cancel();
      return;
    }
    outcome.whenComplete((response, failure) -> answered(attempt, response, failure));
  }

  private void answered(
      Exchange attempt, @Nullable PlivoResponse response, @Nullable Throwable error) {
    if (result.isDone()) {
      return;
    }
    try {
      judge(attempt, response, error);
    } catch (RuntimeException unexpected) {
      // Never leave the caller waiting for the deadline on a bug: report what happened.
      fail(couldNotHandle(unexpected));
    }
  }

  /** What an attempt came to: the end of the attempts, or a retry. */
  private void judge(
      Exchange attempt, @Nullable PlivoResponse response, @Nullable Throwable error) {
    int number = attempt.number;
    HandoffException failure;
    if (response != null) {
      if (engine.listening) {
        emit(listener -> listener.responseReceived(request, number, response.status()));
      }
      failure = engine.responses.failure(request, response);
      if (failure == null) {
        attemptsDone(response, null);
        return;
      }
    } else {
      failure = attemptFailure(error, attempt.reachedTransport);
      HandoffException attemptFailure = failure;
      if (engine.listening) {
        emit(listener -> listener.attemptFailed(request, number, attemptFailure));
      }
    }
    Duration delay =
        engine.retryPolicy.delayBeforeNext(number, failure, remainingNanos(), engine.random);
    if (delay != null && !engine.closed.get()) {
      HandoffException reason = failure;
      if (engine.listening) {
        emit(listener -> listener.retryScheduled(request, number, delay, reason));
      }
      try {
        // The timer only hands the attempt over: interceptors, listener events and the transport's
        // send run on the operation's executor, never on the thread that keeps every deadline.
        retry =
            engine.timer.schedule(
                () -> dispatch(this::attempt), delay.toNanos(), TimeUnit.NANOSECONDS);
        return;
      } catch (RejectedExecutionException closed) {
        // Closed since: the attempts end with this one.
      }
    }
    if (response != null) {
      lastResponse = response;
      lastFailure = failure;
      attemptsDone(response, null);
    } else {
      attemptsDone(null, failure);
    }
  }

  /** The attempts ended: with operation interceptors, they see it next; else it is the result. */
  private void attemptsDone(@Nullable PlivoResponse response, @Nullable HandoffException failure) {
    CompletableFuture<PlivoResponse> outcome = attemptsOutcome;
    if (outcome == null) {
      finish(response, failure);
    } else if (failure != null) {
      outcome.completeExceptionally(failure);
    } else {
      outcome.complete(response);
    }
  }

  /** The operation's outcome, as it comes out of the operation interceptors (or the attempts). */
  private void finish(@Nullable PlivoResponse response, @Nullable Throwable failure) {
    if (result.isDone()) {
      return;
    }
    if (unwrap(failure) instanceof IdempotencyInterceptor.KeyReused reused) {
      fail(reused); // a validation failure, thrown to the caller as it is (see Interceptor)
      return;
    }
    if (failure != null || response == null) {
      fail(operationFailure(failure));
      return;
    }
    HandoffException known = lastFailure;
    if (known != null && response == lastResponse) {
      fail(known); // mapped when the attempts judged it
      return;
    }
    T value;
    try {
      value = decoder.apply(request, response);
    } catch (HandoffException e) {
      fail(e);
      return;
    } catch (RuntimeException unexpected) {
      fail(couldNotHandle(unexpected));
      return;
    }
    succeed(value);
  }

  private HandoffException attemptFailure(@Nullable Throwable error, boolean reached) {
    Throwable cause = unwrap(error);
    if (cause instanceof HandoffException failure) {
      return redacted(failure);
    }
    if (cause == null) {
      cause = new IllegalStateException("the attempt completed without a response");
    }
    if (reached) {
      return redacted(wire.failure(cause, Delivery.UNKNOWN));
    }
    return Failures.get()
        .transportFailure(
            request,
            Delivery.NOT_SENT,
            request.displayName()
                + " was not sent: an attempt interceptor failed ("
                + describe(cause)
                + ")",
            RedactedCause.strip(cause, redactor()));
  }

  private HandoffException operationFailure(@Nullable Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof HandoffException failure) {
      return redacted(failure);
    }
    if (cause == null) {
      cause = new NullPointerException("an operation interceptor completed without a response");
    }
    boolean sent = reachedTransport;
    return Failures.get()
        .transportFailure(
            request,
            sent ? Delivery.UNKNOWN : Delivery.NOT_SENT,
            request.displayName()
                + (sent
                    ? " failed in an operation interceptor ("
                    : " was not sent: an operation interceptor failed (")
                + describe(cause)
                + ")",
            RedactedCause.strip(cause, redactor()));
  }

  /**
   * {@code failure} as it may leave Handoff: itself, unless its message, or the text of anything in
   * its cause chain (suppressed exceptions included), holds the account's credentials in any of the
   * forms {@link Redactor} masks. A peer can put them there by echoing the request's {@code
   * Authorization} into a status line or a header that the transport's client quotes in its own
   * exception. Such a failure is rebuilt: the same type, delivery, status and fields, its message
   * masked, its stack trace kept, and each cause that showed a secret replaced by a {@link
   * RedactedCause} (a framework exception's message cannot be changed, so it is never kept).
   */
  private HandoffException redacted(HandoffException failure) {
    Redactor redactor = redactor();
    if (!RedactedCause.holdsSecret(failure, redactor)) {
      return failure;
    }
    HandoffException rebuilt;
    if (failure instanceof DeadlineExceededException deadline) {
      rebuilt = Failures.get().deadlineExceeded(request, deadline.timeout());
    } else if (failure instanceof TransportFailureException transport) {
      rebuilt =
          Failures.get()
              .transportFailure(
                  request,
                  transport.delivery(),
                  redactor.redact(String.valueOf(transport.getMessage())),
                  RedactedCause.strip(transport.getCause(), redactor));
    } else {
      PlivoErrorException plivo = (PlivoErrorException) failure;
      rebuilt =
          Failures.get()
              .plivoError(
                  request,
                  plivo.status(),
                  redact(plivo.apiId()),
                  redact(plivo.plivoError()),
                  redact(Failures.get().body(plivo)),
                  retryAfter(plivo));
    }
    rebuilt.setStackTrace(failure.getStackTrace());
    RedactedCause.copySuppressed(failure, rebuilt, redactor);
    return rebuilt;
  }

  private Redactor redactor() {
    return engine.responses.redactor();
  }

  private @Nullable String redact(@Nullable String text) {
    return text == null ? null : redactor().redact(text);
  }

  /**
   * The excerpt of a non-JSON body that a {@link PlivoErrorException}'s message quotes, or null.
   */
  private static @Nullable Duration retryAfter(PlivoErrorException failure) {
    if (failure instanceof RateLimitedException limited) {
      return limited.retryAfter();
    }
    return failure instanceof PlivoUnavailableException unavailable
        ? unavailable.retryAfter()
        : null;
  }

  private String describe(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null || message.isBlank()
        ? name
        : name + ": " + engine.responses.clean(message);
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private TransportFailureException couldNotHandle(RuntimeException unexpected) {
    return Failures.get()
        .transportFailure(
            request,
            Delivery.UNKNOWN,
            request.displayName()
                + ": Handoff could not handle the answer ("
                + engine.responses.clean(String.valueOf(unexpected))
                + ")",
            RedactedCause.strip(unexpected, redactor()));
  }

  /** The caller was interrupted before its request was sent: nothing was sent. */
  void interruptedBeforeSending() {
    interruptedCaller = true;
    fail(interrupted(Delivery.NOT_SENT));
  }

  /**
   * The deadline sweep found this operation's deadline passed: its failure, and whatever
   * application code that completes, runs on the operation's executor, never on the sweep's thread.
   */
  void expireFromSweep() {
    if (expiring.compareAndSet(false, true)) {
      dispatch(this::deadlineExpired);
    }
  }

  /** The deadline sweep saw the blocking caller interrupted inside the transport. */
  void interruptFromSweep() {
    if (expiring.compareAndSet(false, true)) {
      dispatch(this::callerInterrupted);
    }
  }

  /**
   * Runs {@code task} after {@code delay} on this operation's executor (Handoff's timer only hands
   * it over), unless the operation ended by then: for Handoff's own interceptors' waits.
   */
  void later(Duration delay, Runnable task) {
    try {
      engine.timer.schedule(
          () -> {
            if (!result.isDone()) {
              dispatch(task);
            }
          },
          delay.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      dispatch(task); // closed since: the operation fails as closed; let the waiter see it end
    }
  }

  /** Delivers a listener event unless the operation already had its final one. */
  void event(Consumer<TransferListener> event) {
    if (engine.listening) {
      emit(event);
    }
  }

  /**
   * Runs {@code task} on this operation's executor: the caller's context (a Vert.x event loop) when
   * it started on one, else the configured {@link HandoffConfig#executor()}, else Handoff's own
   * completion threads. A rejected task runs at once on the current thread, so that the operation
   * still ends.
   */
  private void dispatch(Runnable task) {
    Executor target = executor != null ? executor : engine.completionThreads();
    try {
      target.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /**
   * The blocking caller was interrupted while it waited for this operation: the request certainly
   * did not take effect when the operation only waited for a retry (every earlier attempt failed in
   * a way that performed nothing, or there would be no retry), else it may have.
   */
  void interruptedWhileWaiting() {
    ScheduledFuture<?> pending = retry;
    Exchange current = exchange;
    boolean waitingForRetry =
        pending != null && !pending.isDone() && (current == null || !current.inTransport());
    interruptedCaller = true;
    fail(interrupted(waitingForRetry ? Delivery.NOT_SENT : Delivery.UNKNOWN));
  }

  /** The caller was interrupted while its attempt ran on its thread. */
  void callerInterrupted() {
    interruptedCaller = true;
    fail(interrupted(Delivery.UNKNOWN));
  }

  private TransportFailureException interrupted(Delivery delivery) {
    return Failures.get()
        .transportFailure(
            request,
            delivery,
            delivery == Delivery.NOT_SENT
                ? "interrupted before sending " + request.displayName() + "; it was not sent"
                : "interrupted while waiting for Plivo's answer to " + request.displayName(),
            new InterruptedException());
  }

  void deadlineExpired() {
    if (armed) {
      fail(Failures.get().deadlineExceeded(request, engine.config.timeout()));
    }
  }

  /** Handoff was closed while this operation was in flight. */
  void closed() {
    Exchange current = exchange;
    boolean inTransport = current != null && current.inTransport();
    fail(closedFailure(inTransport ? Delivery.UNKNOWN : Delivery.NOT_SENT));
  }

  private TransportFailureException closedFailure(Delivery delivery) {
    return Failures.get()
        .transportFailure(
            request,
            delivery,
            "this Handoff was closed while " + request.displayName() + " was in flight",
            null);
  }

  private void succeed(T value) {
    if (claim(
        engine.listening
            ? listener -> listener.operationSucceeded(request, attempts, elapsed(), apiId(value))
            : null)) {
      result.complete(value);
    }
  }

  private static @Nullable String apiId(Object value) {
    if (value instanceof Receipt receipt) {
      return receipt.apiId();
    }
    if (value instanceof MultiPartyCallNode node) {
      return node.apiId();
    }
    return value instanceof LiveCall call ? call.apiId() : null;
  }

  private void fail(Throwable outcome) {
    // Every failure passes here on its way out; one made of a peer's bytes is masked already, but
    // an interceptor may hand back a failure it got elsewhere.
    Throwable failure = outcome instanceof HandoffException known ? redacted(known) : outcome;
    if (claim(
        engine.listening
            ? listener -> listener.operationFailed(request, attempts, elapsed(), failure)
            : null)) {
      result.completeExceptionally(failure);
    }
  }

  /**
   * Claims the final outcome and delivers its event (when there is a listener); false when another
   * outcome came first.
   */
  private boolean claim(@Nullable Consumer<TransferListener> finalEvent) {
    synchronized (events) {
      if (!finished.compareAndSet(false, true)) {
        return false;
      }
      if (finalEvent != null) {
        notify(finalEvent);
      }
      return true;
    }
  }

  /** Delivers an event unless the operation already had its final one. */
  private void emit(Consumer<TransferListener> event) {
    synchronized (events) {
      if (!finished.get()) {
        notify(event);
      }
    }
  }

  /** Runs once the result is complete, however it completed (a caller's cancel included). */
  private void cleanUp(@Nullable Throwable failure) {
    engine.deadlines.remove(this);
    ScheduledFuture<?> pending = retry;
    if (pending != null) {
      pending.cancel(false);
    }
    Exchange current = exchange;
    if (current != null) {
      current.cancel();
    }
    CompletableFuture<PlivoResponse> outcome = attemptsOutcome;
    if (outcome != null && !outcome.isDone()) {
      // The operation interceptors learn how the operation ended (a timeout, say).
      outcome.completeExceptionally(
          failure != null
              ? failure
              : new CancellationException(request.displayName() + " was cancelled"));
    }
    if (result.isCancelled()) {
      claim(
          engine.listening
              ? listener ->
                  listener.operationFailed(
                      request,
                      attempts,
                      elapsed(),
                      new CancellationException(request.displayName() + " was cancelled"))
              : null);
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(engine.nanoTime.getAsLong() - startNanos);
  }

  private void notify(Consumer<TransferListener> event) {
    try {
      event.accept(engine.listener);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable ignored) {
      // A listener's bug (an AssertionError in a test, say) must not change the outcome of a
      // live call's transfer, nor leave its future unfinished.
    }
  }

  @Override
  public String toString() {
    return "Operation[" + Checks.sanitize(request.operation(), 40) + ", attempts=" + attempts + "]";
  }
}
