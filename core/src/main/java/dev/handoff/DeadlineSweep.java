package dev.handoff;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Ends the operations of one {@link Handoff} whose deadline passed, and notices a blocking caller's
 * interrupt while its thread is inside the transport (a thread blocked in socket I/O does not), in
 * the spirit of OkHttp's {@code AsyncTimeout}.
 *
 * <p>Why a sweep rather than one timer task per operation: scheduling a task that becomes the head
 * of the timer's queue (always the case when operations run one at a time) wakes the timer thread,
 * which costs more CPU per operation than Handoff's own work (BENCHMARKS.md measures it). The sweep
 * wakes at most once per {@link #SWEEP_PERIOD} whatever the request rate, and not at all when
 * nothing is in flight; it walks the operations only when {@link #nextDue} says a deadline may have
 * passed, or when a caller is inside the transport.
 *
 * <p>The sweep itself runs no application code: it hands each expired operation to that operation's
 * executor, which fails it (listener events and the future's dependents run there).
 *
 * <p>So an operation fails with {@code DeadlineExceededException} between its timeout and its
 * timeout plus {@link #SWEEP_PERIOD} (plus the scheduler's own delay). A timeout shorter than the
 * period is swept at its own length. Thread-safe.
 */
final class DeadlineSweep {
  /** How often, at most, the sweep looks for expired operations while any is in flight. */
  static final Duration SWEEP_PERIOD = Duration.ofMillis(10);

  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final long timeoutNanos;
  private final long sweepNanos;
  private final Set<Operation<?>> inFlight = ConcurrentHashMap.newKeySet();

  /** Whether a {@link #sweep} is scheduled; true exactly while one is pending or running. */
  private final AtomicBoolean sweeping = new AtomicBoolean();

  /** How many blocking callers are inside the transport now, whose interrupt the sweep watches. */
  private final AtomicInteger callersInAttempt = new AtomicInteger();

  /**
   * No operation in flight has a deadline before this ({@link System#nanoTime} scale): with
   * thousands in flight and a timeout of seconds, most sweeps cost one comparison. A sweep resets
   * it to the earliest deadline it saw; an operation lowers it when its own deadline is earlier.
   */
  private final AtomicLong nextDue;

  /**
   * @param scheduler runs the sweep; Handoff's timer, or a test's
   * @param timeout every operation's timeout
   */
  DeadlineSweep(ScheduledExecutorService scheduler, LongSupplier nanoTime, Duration timeout) {
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.timeoutNanos = timeout.toNanos();
    this.sweepNanos = Math.min(SWEEP_PERIOD.toNanos(), timeoutNanos);
    this.nextDue = new AtomicLong(nanoTime.getAsLong());
  }

  /**
   * Watches {@code operation}'s deadline until {@link #remove}; false (and not watched) when the
   * scheduler refuses the sweep, because Handoff is closed.
   */
  boolean watch(Operation<?> operation) {
    inFlight.add(operation);
    lowerNextDue(operation.deadlineNanos);
    if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
      try {
        scheduler.schedule(this::sweep, sweepNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        sweeping.set(false);
        inFlight.remove(operation);
        return false;
      }
    }
    return true;
  }

  void remove(Operation<?> operation) {
    inFlight.remove(operation);
  }

  /** The operations being watched; for {@code close()}. */
  Iterable<Operation<?>> inFlight() {
    return inFlight;
  }

  /** A blocking caller enters the transport: the sweep watches its interrupt. */
  void callerEntered() {
    callersInAttempt.incrementAndGet();
  }

  void callerLeft() {
    callersInAttempt.decrementAndGet();
  }

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
      for (Operation<?> operation : inFlight) {
        Thread caller = operation.callerInAttempt();
        if (caller != null && caller.isInterrupted()) {
          operation.interruptFromSweep();
        } else if (!due) {
          continue;
        } else if (now - operation.deadlineNanos >= 0 && operation.armed) {
          operation.expireFromSweep();
        } else if (operation.deadlineNanos - earliest < 0) {
          earliest = operation.deadlineNanos;
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
      scheduler.schedule(this::sweep, sweepNanos, TimeUnit.NANOSECONDS);
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
}
