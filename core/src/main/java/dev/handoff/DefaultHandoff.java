package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.model.AddMember;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The façade applications call: checks the arguments and the thread, then starts an {@link
 * Operation} and, for the blocking forms, waits for it. What an operation does is {@link
 * Operation}'s job; its deadline, {@link DeadlineSweep}'s.
 */
final class DefaultHandoff implements Handoff {
  private static final AtomicInteger TIMER_IDS = new AtomicInteger();

  /**
   * The jitter's source: each thread's own {@link ThreadLocalRandom}, which is thread-safe (retries
   * run on the timer and on transport threads) and loads no generator factory at start-up.
   */
  private static final RandomGenerator THREAD_LOCAL_RANDOM =
      () -> ThreadLocalRandom.current().nextLong();

  private final Engine engine;
  private final ScheduledExecutorService timer;
  private final BiFunction<PlivoRequest, PlivoResponse, Receipt> receipt;
  private final BiFunction<PlivoRequest, PlivoResponse, MultiPartyCallNode> node;
  private final BiFunction<PlivoRequest, PlivoResponse, LiveCall> liveCall;

  /** The key of every operation of this view ({@link #withIdempotencyKey}); null for none. */
  private final @Nullable IdempotencyKey key;

  /** Whether this is a view of another DefaultHandoff, which owns the engine. */
  private final boolean view;

  DefaultHandoff(CallControl callControl, HandoffConfig config) {
    this(callControl, config, newTimer(), System::nanoTime, THREAD_LOCAL_RANDOM, Clock.systemUTC());
  }

  /**
   * @param timer runs retries and the deadline sweep; shut down by {@link #close()}
   */
  DefaultHandoff(
      CallControl callControl,
      HandoffConfig config,
      ScheduledExecutorService timer,
      LongSupplier nanoTime,
      RandomGenerator random,
      Clock clock) {
    Checks.notNull(callControl, "callControl");
    Checks.notNull(config, "config");
    Responses responses = new Responses(config, clock);
    this.engine = new Engine(callControl, config, responses, timer, nanoTime, random);
    this.timer = timer;
    this.receipt = responses::receipt; // once, not a bound method reference per operation
    this.node = (request, response) -> responses.node((ReadNode) request, response);
    this.liveCall = (request, response) -> responses.liveCall((ReadLiveCall) request, response);
    this.key = null;
    this.view = false;
  }

  /** A view of {@code owner} whose operations carry {@code key}. */
  private DefaultHandoff(DefaultHandoff owner, IdempotencyKey key) {
    this.engine = owner.engine;
    this.timer = owner.timer;
    this.receipt = owner.receipt;
    this.node = owner.node;
    this.liveCall = owner.liveCall;
    this.key = key;
    this.view = true;
  }

  @Override
  public Handoff withIdempotencyKey(IdempotencyKey key) {
    return new DefaultHandoff(this, Checks.notNull(key, "key"));
  }

  private static ScheduledExecutorService newTimer() {
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, "handoff-timer-" + TIMER_IDS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return timer;
  }

  @Override
  public Receipt warmTransfer(WarmTransfer transfer) {
    return call(Checks.notNull(transfer, "transfer"), receipt, "warmTransferAsync");
  }

  @Override
  public CompletableFuture<Receipt> warmTransferAsync(WarmTransfer transfer) {
    return start(Checks.notNull(transfer, "transfer"), receipt);
  }

  @Override
  public Receipt coldTransfer(ColdTransfer transfer) {
    return call(Checks.notNull(transfer, "transfer"), receipt, "coldTransferAsync");
  }

  @Override
  public CompletableFuture<Receipt> coldTransferAsync(ColdTransfer transfer) {
    return start(Checks.notNull(transfer, "transfer"), receipt);
  }

  @Override
  public Receipt addMember(AddMember member) {
    return call(Checks.notNull(member, "member"), receipt, "addMemberAsync");
  }

  @Override
  public CompletableFuture<Receipt> addMemberAsync(AddMember member) {
    return start(Checks.notNull(member, "member"), receipt);
  }

  @Override
  public Receipt memberAction(MemberAction action) {
    return call(Checks.notNull(action, "action"), receipt, "memberActionAsync");
  }

  @Override
  public CompletableFuture<Receipt> memberActionAsync(MemberAction action) {
    return start(Checks.notNull(action, "action"), receipt);
  }

  @Override
  public MultiPartyCallNode readNode(ReadNode read) {
    return call(Checks.notNull(read, "read"), node, "readNodeAsync");
  }

  @Override
  public CompletableFuture<MultiPartyCallNode> readNodeAsync(ReadNode read) {
    return start(Checks.notNull(read, "read"), node);
  }

  @Override
  public Receipt transferCall(CallTransfer transfer) {
    return call(Checks.notNull(transfer, "transfer"), receipt, "transferCallAsync");
  }

  @Override
  public CompletableFuture<Receipt> transferCallAsync(CallTransfer transfer) {
    return start(Checks.notNull(transfer, "transfer"), receipt);
  }

  @Override
  public LiveCall readLiveCall(ReadLiveCall read) {
    return call(Checks.notNull(read, "read"), liveCall, "readLiveCallAsync");
  }

  @Override
  public CompletableFuture<LiveCall> readLiveCallAsync(ReadLiveCall read) {
    return start(Checks.notNull(read, "read"), liveCall);
  }

  @Override
  public void close() {
    if (view || !engine.closed.compareAndSet(false, true)) {
      return;
    }
    for (Operation<?> operation : engine.deadlines.inFlight()) {
      operation.closed();
    }
    try {
      engine.callControl.close();
    } finally {
      timer.shutdownNow();
      engine.shutDown();
    }
  }

  @Override
  public String toString() {
    return "Handoff["
        + engine.callControl
        + ", phlo="
        + engine.config.phloBaseUrl()
        + (key == null ? "" : ", with an idempotency key")
        + "]";
  }

  private <T> CompletableFuture<T> start(
      PlivoRequest request, BiFunction<PlivoRequest, PlivoResponse, T> decoder) {
    Operation<T> operation = open(request, decoder);
    operation.start(null);
    return operation.result;
  }

  /**
   * The blocking forms: the first attempt runs on the caller's thread ({@link
   * CallControl#sendBlocking}) when it reaches the transport there, which spares two thread
   * hand-offs per operation when the transport can block; a retry, if any, is sent as the
   * asynchronous forms send it, while the caller waits.
   */
  private <T> T call(
      PlivoRequest request, BiFunction<PlivoRequest, PlivoResponse, T> decoder, String asyncForm) {
    if (engine.callControl.isNonBlockingThread()) {
      throw new IllegalStateException(
          "a blocking Handoff method was called on "
              + Thread.currentThread().getName()
              + ", a thread that must never block; call "
              + asyncForm
              + " instead");
    }
    Operation<T> operation = open(request, decoder);
    operation.start(Thread.currentThread());
    try {
      return await(operation);
    } finally {
      if (operation.interruptedCaller) {
        // Kept for the caller, even if the transport's client cleared it.
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> Operation<T> open(
      PlivoRequest request, BiFunction<PlivoRequest, PlivoResponse, T> decoder) {
    if (engine.closed.get()) {
      throw new IllegalStateException(
          "this Handoff is closed; " + request.displayName() + " was not sent");
    }
    return new Operation<>(engine, request, decoder, key);
  }

  /**
   * Waits for an operation the caller started: after its first attempt ran on the caller's thread,
   * its result is done unless a retry is pending; when an interceptor let the first attempt reach
   * the transport on another thread, the caller runs its exchange here ({@link
   * Operation#awaitOnCaller}). An interrupt ends the operation (see {@link
   * Operation#interruptedWhileWaiting}) unless it ended first, and its outcome is returned or
   * thrown.
   */
  private static <T> T await(Operation<T> operation) {
    operation.awaitOnCaller();
    try {
      return operation.result.join();
    } catch (CompletionException e) {
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
}
