package dev.handoff;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Where a blocking caller takes work while it waits for its operation ({@link #awaitDone}): the
 * first attempt's exchange, when an interceptor let it reach the transport on another thread (a
 * Redis reply's, say), is {@linkplain #post posted} here and runs on the caller's thread ({@code
 * CallControl.sendBlocking}), as it does when it reaches the transport on the caller's thread
 * itself. That spares the hand-off to the transport's threads and the one back: the fleet benchmark
 * measured them as most of what coordination added to a transfer (BENCHMARKS.md). One task at most
 * is ever posted (the first attempt reaches the transport once); once the caller stops waiting,
 * {@link #post} refuses, and the poster sends as the asynchronous forms do.
 */
final class CallerMailbox {
  private static final Object CLOSED = new Object();

  /**
   * Before the caller waits: it is still in {@code start()}, where an interceptor of its own may
   * block on the chain (against the advice, but it must not hang); then the poster sends as the
   * asynchronous forms do.
   */
  private static final Object NOT_YET = new Object();

  final Thread caller;

  /** {@link #NOT_YET}, then null, a posted {@link Runnable} not yet run, or {@link #CLOSED}. */
  private final AtomicReference<@Nullable Object> slot = new AtomicReference<>(NOT_YET);

  CallerMailbox(Thread caller) {
    this.caller = caller;
  }

  /**
   * Hands {@code task} to the waiting caller: false, and the task not taken, before it waits, once
   * it stopped waiting, or while it holds a task already.
   */
  boolean post(Runnable task) {
    if (!slot.compareAndSet(null, task)) {
      return false;
    }
    LockSupport.unpark(caller);
    return true;
  }

  /**
   * On the caller's thread: runs what is posted until {@code done} completes, then refuses more (a
   * task posted just before runs now, and finds its operation ended). An interrupt while waiting is
   * reported once to {@code onInterrupt}, its flag cleared.
   *
   * @return whether the caller was interrupted while it waited
   */
  boolean awaitDone(CompletableFuture<?> done, Runnable onInterrupt) {
    slot.compareAndSet(NOT_YET, null);
    done.whenComplete((value, failure) -> LockSupport.unpark(caller));
    boolean interrupted = false;
    try {
      while (!done.isDone()) {
        runPosted();
        if (done.isDone()) {
          break;
        }
        LockSupport.park(this);
        if (Thread.interrupted() && !interrupted) {
          interrupted = true;
          onInterrupt.run();
        }
      }
    } finally {
      Object last = slot.getAndSet(CLOSED);
      if (last instanceof Runnable task) {
        task.run();
      }
    }
    return interrupted;
  }

  private void runPosted() {
    Object posted = slot.get();
    if (posted instanceof Runnable task && slot.compareAndSet(task, null)) {
      task.run();
    }
  }
}
