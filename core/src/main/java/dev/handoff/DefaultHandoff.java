package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.model.AddMember;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoAnswer;
import dev.handoff.spi.Wire;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link Handoff}: validation of arguments, the attempt loop with its
 * {@link RetryPolicy}, the operation's deadline, listener events and the blocking forms, over any
 * {@link CallControl}.
 */
final class DefaultHandoff implements Handoff {
  private static final AtomicInteger TIMER_IDS = new AtomicInteger();

  /**
   * The jitter's source: each thread's own {@link ThreadLocalRandom}, which is thread-safe (unlike
   * {@code RandomGenerator.getDefault()}, an {@code L32X64MixRandom} that retries on the timer and
   * transport threads would share) and loads no generator factory at start-up (the default one
   * loads every {@code jdk.random} algorithm through a {@code ServiceLoader}).
   */
  private static final RandomGenerator THREAD_LOCAL_RANDOM =
      () -> ThreadLocalRandom.current().nextLong();

  /**
   * How often, at most, the deadline sweep looks for expired operations while any is in flight: an
   * operation fails with {@link DeadlineExceededException} between its timeout and its timeout plus
   * this (plus the timer thread's own scheduling delay). A timeout shorter than this is swept at
   * its own period.
   */
  static final Duration SWEEP_PERIOD = Duration.ofMillis(10);

  private final CallControl callControl;
  private final HandoffConfig config;
  private final Answers answers;
  private final BiFunction<PlivoRequest, PlivoAnswer, Receipt> receipt;
  private final ScheduledThreadPoolExecutor timer;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final Set<Exchange<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Whether a {@link #sweep} is scheduled; true exactly while one is pending or running. */
  private final AtomicBoolean sweeping = new AtomicBoolean();

  /** How many callers are inside {@link CallControl#sendBlocking}, for {@link #sweep}. */
  private final AtomicInteger callersInAttempt = new AtomicInteger();

  private final long sweepNanos;
  private final long timeoutNanos;

  /**
   * No operation in flight has a deadline before this ({@link System#nanoTime} scale): a sweep only
   * walks {@link #inFlight} once it is due, so that with thousands in flight and a timeout of
   * seconds most sweeps cost one comparison. A sweep resets it to the earliest deadline it saw; an
   * operation lowers it when its own deadline is earlier (one that started before a sweep but
   * joined {@link #inFlight} after the walk passed).
   */
  private final AtomicLong nextDue;

  /**
   * Whether anyone listens: with {@link TransferListener#NONE} (the default) no event is built at
   * all, which saves a capturing lambda per event (5 or more per operation) and the {@code elapsed}
   * {@link Duration}s.
   */
  private final boolean listening;

  DefaultHandoff(CallControl callControl, HandoffConfig config) {
    this(callControl, config, System::nanoTime, THREAD_LOCAL_RANDOM, Clock.systemUTC());
  }

  DefaultHandoff(
      CallControl callControl,
      HandoffConfig config,
      LongSupplier nanoTime,
      RandomGenerator random,
      Clock clock) {
    this.callControl = Checks.notNull(callControl, "callControl");
    this.config = Checks.notNull(config, "config");
    this.answers = new Answers(config.credentials(), clock);
    this.receipt = answers::receipt; // once, not a bound method reference per operation
    this.nanoTime = nanoTime;
    this.random = random;
    this.listening = config.listener() != TransferListener.NONE;
    this.timeoutNanos = config.timeout().toNanos();
    this.sweepNanos = Math.min(SWEEP_PERIOD.toNanos(), timeoutNanos);
    this.nextDue = new AtomicLong(nanoTime.getAsLong());
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, "handoff-timer-" + TIMER_IDS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.timer = new ScheduledThreadPoolExecutor(1, threads);
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public Receipt warmTransfer(WarmTransfer transfer) {
    checkMayBlock("warmTransferAsync");
    return nodeActionBlocking(Checks.notNull(transfer, "transfer"));
  }

  @Override
  public CompletableFuture<Receipt> warmTransferAsync(WarmTransfer transfer) {
    return nodeAction(Checks.notNull(transfer, "transfer"));
  }

  @Override
  public Receipt coldTransfer(ColdTransfer transfer) {
    checkMayBlock("coldTransferAsync");
    return nodeActionBlocking(Checks.notNull(transfer, "transfer"));
  }

  @Override
  public CompletableFuture<Receipt> coldTransferAsync(ColdTransfer transfer) {
    return nodeAction(Checks.notNull(transfer, "transfer"));
  }

  @Override
  public Receipt addMember(AddMember member) {
    checkMayBlock("addMemberAsync");
    return nodeActionBlocking(Checks.notNull(member, "member"));
  }

  @Override
  public CompletableFuture<Receipt> addMemberAsync(AddMember member) {
    return nodeAction(Checks.notNull(member, "member"));
  }

  private CompletableFuture<Receipt> nodeAction(NodeAction action) {
    return start(action, () -> callControl.nodeAction(action), receipt);
  }

  private Receipt nodeActionBlocking(NodeAction action) {
    return call(action, () -> callControl.nodeAction(action), receipt);
  }

  @Override
  public Receipt memberAction(MemberAction action) {
    checkMayBlock("memberActionAsync");
    Checks.notNull(action, "action");
    return call(action, () -> callControl.memberAction(action), receipt);
  }

  @Override
  public CompletableFuture<Receipt> memberActionAsync(MemberAction action) {
    Checks.notNull(action, "action");
    return start(action, () -> callControl.memberAction(action), receipt);
  }

  @Override
  public MultiPartyCallNode readNode(ReadNode read) {
    checkMayBlock("readNodeAsync");
    Checks.notNull(read, "read");
    return call(read, () -> callControl.readNode(read), (r, answer) -> answers.node(read, answer));
  }

  @Override
  public CompletableFuture<MultiPartyCallNode> readNodeAsync(ReadNode read) {
    Checks.notNull(read, "read");
    return start(read, () -> callControl.readNode(read), (r, answer) -> answers.node(read, answer));
  }

  @Override
  public Receipt transferCall(CallTransfer transfer) {
    checkMayBlock("transferCallAsync");
    Checks.notNull(transfer, "transfer");
    return call(transfer, () -> callControl.transferCall(transfer), receipt);
  }

  @Override
  public CompletableFuture<Receipt> transferCallAsync(CallTransfer transfer) {
    Checks.notNull(transfer, "transfer");
    return start(transfer, () -> callControl.transferCall(transfer), receipt);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Exchange<?> exchange : inFlight) {
      exchange.closed();
    }
    try {
      callControl.close();
    } finally {
      timer.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "Handoff[" + callControl + ", phlo=" + config.phloBaseUrl() + "]";
  }

  private void checkMayBlock(String asyncForm) {
    if (callControl.isNonBlockingThread()) {
      throw new IllegalStateException(
          "a blocking Handoff method was called on "
              + Thread.currentThread().getName()
              + ", a thread that must never block; call "
              + asyncForm
              + " instead");
    }
  }

  /**
   * Waits for an operation the caller started: after its first attempt ran on the caller's thread,
   * {@code future} is done unless a retry is pending.
   */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw interrupted(Delivery.UNKNOWN, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static TransportFailureException interrupted(
      Delivery delivery, InterruptedException cause) {
    return new TransportFailureException(
        delivery,
        delivery == Delivery.NOT_SENT
            ? "interrupted before sending the request; it was not sent"
            : "interrupted while waiting for Plivo's answer; Plivo may have performed the request",
        cause);
  }

  /**
   * Starts the deadline sweep unless it runs already.
   *
   * @throws RejectedExecutionException if the timer was shut down by {@link #close()}
   */
  private void watchDeadlines(long deadlineNanos) {
    lowerNextDue(deadlineNanos);
    if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
      try {
        timer.schedule(this::sweep, sweepNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        sweeping.set(false);
        throw e;
      }
    }
  }

  /**
   * Fails every operation whose deadline has passed, then runs again after {@link #sweepNanos} if
   * any operation is still in flight, and otherwise stops.
   *
   * <p>Why a sweep rather than one timer task per operation: scheduling a task that becomes the
   * head of the timer's queue (always the case when operations run one at a time) wakes the timer
   * thread, which costs 6-31 µs of CPU per operation on a two-core machine (see BENCHMARKS.md),
   * more than Handoff's own work. The sweep wakes at most once per {@link #SWEEP_PERIOD} whatever
   * the request rate, and not at all when nothing is in flight; it walks {@link #inFlight} only
   * when {@link #nextDue} says a deadline may have passed, or when a caller is inside {@link
   * CallControl#sendBlocking}, to notice its interrupt (a thread blocked in socket I/O does not).
   */
  private void sweep() {
    long now = nanoTime.getAsLong();
    boolean due = now - nextDue.get() >= 0;
    if (due || callersInAttempt.get() > 0) {
      // Before the walk: an operation that lowers nextDue after this is kept; one that lowered it
      // before joined inFlight before the walk, which therefore sees it.
      long earliest = now + timeoutNanos;
      if (due) {
        nextDue.set(earliest);
      }
      for (Exchange<?> exchange : inFlight) {
        Thread caller = exchange.callerInAttempt;
        if (caller != null && caller.isInterrupted()) {
          exchange.callerInterrupted();
        } else if (!due) {
          continue;
        } else if (now - exchange.deadlineNanos >= 0 && exchange.armed) {
          exchange.deadlineExpired();
        } else if (exchange.deadlineNanos - earliest < 0) {
          earliest = exchange.deadlineNanos;
        }
      }
      if (due) {
        lowerNextDue(earliest);
      }
    }
    if (inFlight.isEmpty()) {
      sweeping.set(false);
      // An operation that started between the check and the reset saw sweeping == true and did
      // not schedule a sweep: take that job back unless another one did.
      if (inFlight.isEmpty() || !sweeping.compareAndSet(false, true)) {
        return;
      }
    }
    try {
      timer.schedule(this::sweep, sweepNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: close() failed every operation in flight.
      sweeping.set(false);
    }
  }

  private void lowerNextDue(long deadlineNanos) {
    for (long due = nextDue.get(); deadlineNanos - due < 0; due = nextDue.get()) {
      if (nextDue.compareAndSet(due, deadlineNanos)) {
        return;
      }
    }
  }

  private <T> CompletableFuture<T> start(
      PlivoRequest request,
      Supplier<CompletableFuture<PlivoAnswer>> send,
      BiFunction<PlivoRequest, PlivoAnswer, T> decode) {
    Exchange<T> exchange = open(request, send, decode);
    if (exchange.start()) {
      exchange.attempt();
    }
    return exchange.result;
  }

  private <T> Exchange<T> open(
      PlivoRequest request,
      Supplier<CompletableFuture<PlivoAnswer>> send,
      BiFunction<PlivoRequest, PlivoAnswer, T> decode) {
    if (closed.get()) {
      throw new IllegalStateException(
          "this Handoff is closed; " + request.operation() + " was not sent");
    }
    return new Exchange<>(request, send, decode);
  }

  /**
   * The blocking forms: the first attempt runs on the caller's thread ({@link
   * CallControl#sendBlocking}), which spares two thread hand-offs per operation when the transport
   * can block; a retry, if any, is sent as the asynchronous forms send it, while the caller waits.
   */
  private <T> T call(
      PlivoRequest request,
      Supplier<CompletableFuture<PlivoAnswer>> send,
      BiFunction<PlivoRequest, PlivoAnswer, T> decode) {
    Exchange<T> exchange = open(request, send, decode);
    if (exchange.start()) {
      exchange.attemptOnCallerThread();
    }
    try {
      return await(exchange.result);
    } finally {
      if (exchange.interruptedCaller) {
        // Kept for the caller, even if the transport's client cleared it.
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One operation: its attempts, its deadline and its result. */
  private final class Exchange<T> {
    final PlivoRequest request;
    final Supplier<CompletableFuture<PlivoAnswer>> send;
    final BiFunction<PlivoRequest, PlivoAnswer, T> decode;
    final CompletableFuture<T> result = new CompletableFuture<>();
    final AtomicBoolean finished = new AtomicBoolean();
    final long startNanos = nanoTime.getAsLong();
    final long deadlineNanos = startNanos + timeoutNanos;
    volatile int attempts;
    volatile @Nullable CompletableFuture<PlivoAnswer> current;
    volatile @Nullable ScheduledFuture<?> retry;

    /** The blocking caller while it is inside {@link CallControl#sendBlocking}, else null. */
    volatile @Nullable Thread callerInAttempt;

    /** Whether the operation failed because its blocking caller was interrupted. */
    volatile boolean interruptedCaller;

    /**
     * Whether the deadline may end this operation: from the moment its first attempt has been
     * announced, so that a listener always sees {@code attemptStarted} before a timeout's {@code
     * requestFailed}, however soon the sweep comes.
     */
    volatile boolean armed;

    /**
     * Guards the listener's events and the final outcome: events of one operation never interleave,
     * and none follows its final event, whichever threads (the caller's, the transport's, the
     * timer's) race to deliver them. The result's future itself is completed outside it.
     */
    private final Object events = new Object();

    Exchange(
        PlivoRequest request,
        Supplier<CompletableFuture<PlivoAnswer>> send,
        BiFunction<PlivoRequest, PlivoAnswer, T> decode) {
      this.request = request;
      this.send = send;
      this.decode = decode;
    }

    /** Announces the operation and watches its deadline; false if it already failed (closed). */
    boolean start() {
      if (listening) {
        notify(listener -> listener.requestStarted(request));
      }
      inFlight.add(this);
      result.whenComplete((value, failure) -> cleanUp());
      try {
        watchDeadlines(deadlineNanos);
      } catch (RejectedExecutionException e) {
        fail(closedFailure(Delivery.NOT_SENT));
        return false;
      }
      if (closed.get()) {
        // close() may have passed over inFlight before this exchange joined it.
        fail(closedFailure(Delivery.NOT_SENT));
        return false;
      }
      return true;
    }

    /**
     * The first attempt of a blocking form, on the caller's thread. While the caller is inside the
     * transport, {@link #current} is the abort signal {@link #cleanUp} cancels (deadline, close,
     * interrupt); once it is back, there is nothing left to abort.
     */
    void attemptOnCallerThread() {
      Thread caller = Thread.currentThread();
      if (caller.isInterrupted()) {
        interruptedCaller = true;
        fail(interrupted(Delivery.NOT_SENT, new InterruptedException()));
        return;
      }
      int attempt = ++attempts;
      if (listening) {
        emit(listener -> listener.attemptStarted(request, attempt));
      }
      armed = true;
      CompletableFuture<PlivoAnswer> abort = new CompletableFuture<>();
      current = abort;
      if (result.isDone()) {
        return; // the deadline or close() came first; cleanUp may not have seen the abort signal
      }
      PlivoAnswer answer = null;
      RuntimeException error = null;
      callerInAttempt = caller;
      callersInAttempt.incrementAndGet();
      try {
        answer = callControl.sendBlocking(request, abort);
      } catch (RuntimeException e) {
        error = e;
      } finally {
        callersInAttempt.decrementAndGet();
        callerInAttempt = null;
        current = null;
      }
      if (error != null && caller.isInterrupted()) {
        // The interrupt, not the transport, ended the attempt (an answer, though, is kept).
        callerInterrupted();
      }
      answered(attempt, answer, error);
    }

    void attempt() {
      if (result.isDone()) {
        return;
      }
      int attempt = ++attempts;
      if (listening) {
        emit(listener -> listener.attemptStarted(request, attempt));
      }
      armed = true;
      CompletableFuture<PlivoAnswer> answer;
      try {
        answer = send.get();
      } catch (RuntimeException e) {
        answered(attempt, null, e);
        return;
      }
      current = answer;
      if (result.isDone()) {
        answer.cancel(true);
        return;
      }
      answer.whenComplete((value, failure) -> answered(attempt, value, failure));
    }

    void answered(int attempt, @Nullable PlivoAnswer answer, @Nullable Throwable error) {
      if (result.isDone()) {
        return;
      }
      try {
        handle(attempt, answer, error);
      } catch (RuntimeException unexpected) {
        // Never leave the caller waiting for the deadline on a bug: report what happened.
        fail(
            new TransportFailureException(
                Delivery.UNKNOWN,
                request.operation()
                    + ": Handoff could not handle the answer ("
                    + unexpected
                    + "); Plivo may have performed it",
                unexpected));
      }
    }

    private void handle(int attempt, @Nullable PlivoAnswer answer, @Nullable Throwable error) {
      HandoffException failure;
      if (answer != null) {
        if (listening) {
          emit(listener -> listener.answerReceived(request, attempt, answer.status()));
        }
        try {
          succeed(decode.apply(request, answer));
          return;
        } catch (HandoffException e) {
          failure = e;
        }
      } else {
        failure = transportFailure(error);
        HandoffException attemptFailure = failure;
        if (listening) {
          emit(listener -> listener.attemptFailed(request, attempt, attemptFailure));
        }
      }
      long remaining = deadlineNanos - nanoTime.getAsLong();
      Duration delay = config.retryPolicy().delayBeforeNext(attempt, failure, remaining, random);
      if (delay == null || closed.get()) {
        fail(failure);
        return;
      }
      HandoffException reason = failure;
      if (listening) {
        emit(listener -> listener.retryScheduled(request, attempt, delay, reason));
      }
      try {
        retry = timer.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        fail(failure);
      }
    }

    private HandoffException transportFailure(@Nullable Throwable error) {
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof TransportFailureException transport) {
        return transport;
      }
      if (cause == null) {
        cause = new IllegalStateException("the transport completed without an answer");
      }
      return Wire.transportFailure(request.operation(), cause, true);
    }

    /** The caller was interrupted while its attempt ran on its thread. */
    void callerInterrupted() {
      interruptedCaller = true;
      fail(interrupted(Delivery.UNKNOWN, new InterruptedException()));
    }

    void deadlineExpired() {
      if (armed) {
        fail(new DeadlineExceededException(request.operation(), config.timeout()));
      }
    }

    void closed() {
      CompletableFuture<PlivoAnswer> attempt = current;
      boolean inFlight = attempt != null && !attempt.isDone();
      fail(closedFailure(inFlight ? Delivery.UNKNOWN : Delivery.NOT_SENT));
    }

    private TransportFailureException closedFailure(Delivery delivery) {
      return new TransportFailureException(
          delivery,
          "this Handoff was closed while "
              + request.operation()
              + " was in flight"
              + (delivery == Delivery.UNKNOWN ? "; Plivo may have performed it" : ""),
          null);
    }

    void succeed(T value) {
      if (finish(
          listening ? listener -> listener.requestSucceeded(request, attempts, elapsed()) : null)) {
        result.complete(value);
      }
    }

    void fail(Throwable failure) {
      if (finish(
          listening
              ? listener -> listener.requestFailed(request, attempts, elapsed(), failure)
              : null)) {
        result.completeExceptionally(failure);
      }
    }

    /**
     * Claims the final outcome and delivers its event (when there is a listener); false when
     * another outcome came first.
     */
    private boolean finish(@Nullable Consumer<TransferListener> finalEvent) {
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
    void cleanUp() {
      inFlight.remove(this);
      cancel(retry);
      CompletableFuture<PlivoAnswer> attempt = current;
      if (attempt != null && !attempt.isDone()) {
        attempt.cancel(true);
      }
      if (result.isCancelled()) {
        finish(
            listening
                ? listener ->
                    listener.requestFailed(
                        request,
                        attempts,
                        elapsed(),
                        new CancellationException(request.operation() + " was cancelled"))
                : null);
      }
    }

    private Duration elapsed() {
      return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
    }

    private void cancel(@Nullable ScheduledFuture<?> task) {
      if (task != null) {
        task.cancel(false);
      }
    }

    private void notify(Consumer<TransferListener> event) {
      try {
        event.accept(config.listener());
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable ignored) {
        // A listener's bug (an AssertionError in a test, say) must not change the outcome of a
        // live call's transfer, nor leave its future unfinished.
      }
    }
  }
}
