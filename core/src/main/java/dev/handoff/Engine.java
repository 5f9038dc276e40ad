package dev.handoff;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.Wire;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What every {@link Operation} of one {@link Handoff} shares: the transport, how requests become
 * wire requests and responses become results, the policies, the interceptors, the listener, and
 * Handoff's timer (retries) and deadline sweep. Built once by {@link DefaultHandoff}; immutable but
 * for the {@link #closed} flag.
 */
final class Engine {
  private static final AtomicInteger COMPLETION_POOLS = new AtomicInteger();

  final CallControl callControl;
  final HandoffConfig config;
  final Function<PlivoRequest, Wire> wires;
  final Responses responses;
  final RetryPolicy retryPolicy;
  final TransferListener listener;

  /**
   * Whether anyone listens: with {@link TransferListener#NONE} (the default) no event is built at
   * all.
   */
  final boolean listening;

  final List<Interceptor> operationInterceptors;
  final List<Interceptor> attemptInterceptors;
  final ScheduledExecutorService timer;
  final DeadlineSweep deadlines;
  final LongSupplier nanoTime;
  final RandomGenerator random;
  final long timeoutNanos;
  final AtomicBoolean closed = new AtomicBoolean();

  /** Handoff's own completion threads, started on first need; see {@link #completionThreads()}. */
  private volatile @Nullable ExecutorService completionThreads;

  Engine(
      CallControl callControl,
      HandoffConfig config,
      Responses responses,
      ScheduledExecutorService timer,
      LongSupplier nanoTime,
      RandomGenerator random) {
    this.callControl = callControl;
    this.config = config;
    this.wires = Wire.describer(config, callControl.name());
    this.responses = responses;
    this.retryPolicy = config.retryPolicy();
    this.listener = config.listener();
    this.listening = listener != TransferListener.NONE;
    this.operationInterceptors = config.operationInterceptors();
    this.attemptInterceptors = config.attemptInterceptors();
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.random = random;
    this.timeoutNanos = config.timeout().toNanos();
    this.deadlines = new DeadlineSweep(timer, nanoTime, config.timeout());
  }

  /**
   * The executor of operations that started on no context and have no configured executor: a cached
   * pool of daemon threads named {@code handoff-completion-<n>}, started on first need (a retry or
   * a deadline), ended by {@link #shutDown()}. Unbounded on purpose, like {@code
   * java.net.http.HttpClient}'s default: a completion callback that blocks holds one thread, never
   * another operation's deadline.
   */
  Executor completionThreads() {
    ExecutorService threads = completionThreads;
    if (threads == null) {
      synchronized (this) {
        threads = completionThreads;
        if (threads == null) {
          int id = COMPLETION_POOLS.incrementAndGet();
          AtomicInteger count = new AtomicInteger();
          threads =
              Executors.newCachedThreadPool(
                  runnable -> {
                    Thread thread =
                        new Thread(
                            runnable, "handoff-completion-" + id + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                  });
          if (closed.get()) {
            threads.shutdown(); // rejects: the task then runs on the caller's thread
          }
          completionThreads = threads;
        }
      }
    }
    return threads;
  }

  /** Ends Handoff's own completion threads, if any started. */
  void shutDown() {
    ExecutorService threads;
    synchronized (this) {
      threads = completionThreads;
    }
    if (threads != null) {
      threads.shutdown();
    }
  }
}
