package dev.handoff;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.Wire;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What every {@link Operation} of one {@link Handoff} shares: the transport, how requests become
 * wire requests and responses become results, the policies, the interceptors, the listener, and
 * Handoff's timer (retries) and deadline sweep. Built once by {@link DefaultHandoff}; immutable but
 * for the {@link #closed} flag.
 */
final class Engine {
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
}
