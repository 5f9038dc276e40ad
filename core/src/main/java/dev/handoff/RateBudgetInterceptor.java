package dev.handoff;

import dev.handoff.RateBudget.Permit;
import dev.handoff.internal.Failures;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The attempt interceptor of {@link HandoffConfig.Builder#rateBudget}: takes a permit of the shared
 * budget before each attempt, and releases it once the attempt's response or failure has arrived
 * (sent as the answer is relayed, never awaited, so the release adds no latency), so that the
 * permit counts from before the request left until one window after its answer came back: every
 * arrival at the server lies in between, so no server window sees more than the limit.
 *
 * <p>While the budget is exhausted, attempts queue here, in arrival order, and one timer re-asks
 * the budget for the head of the queue when the wait it was told ends; a grant lets the head go and
 * asks at once for the next. So waiting costs the store one call per grant and one per refusal, not
 * one per waiter per wait. An attempt whose deadline the wait would pass fails at once, {@code
 * NOT_SENT}. Never a blocked thread.
 *
 * <p>With an idempotency store the claim takes the first attempt's permit ({@link
 * IdempotencyStore#putIfAbsentAndAcquire}) and the settle releases the last ({@link
 * IdempotencyStore#settleAndRelease}): they meet here through the operation's {@link Permits}.
 */
final class RateBudgetInterceptor implements Interceptor {
  static final String STORE = "rate budget";

  /** The key of an operation's {@link Permits} in its {@link Chain#attributes()}. */
  static final Object PERMITS = new Object();

  final RateBudget budget;
  final String key;
  private final FailureMode mode;

  /** The attempts waiting for a permit, oldest first; guarded by {@code this}. */
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

  /** Whether a timer is armed, or a call for the queue's head is out; guarded by {@code this}. */
  private boolean pumping;

  /** When the armed timer fires ({@link System#nanoTime()}); guarded by {@code this}. */
  private long dueNanos;

  /** Per thread, whether {@link #pump()} runs there (see it). */
  private final ThreadLocal<int[]> pumpState = ThreadLocal.withInitial(() -> new int[1]);

  RateBudgetInterceptor(RateBudget budget, String accountHash, FailureMode mode) {
    this.budget = budget;
    this.key = "handoff:{" + accountHash + "}:budget";
    this.mode = mode;
  }

  /**
   * One keyed operation's permits, shared by the idempotency interceptor (which settles the claim)
   * and this one: the first attempt's permit taken with the claim, and the permits of finished
   * attempts, which the settle releases in its own round trip.
   */
  static final class Permits {
    private @Nullable Permit first;
    private final List<Permit> finished = new ArrayList<>();
    private boolean settled;

    Permits(@Nullable Permit first) {
      this.first = first;
    }

    synchronized @Nullable Permit takeFirst() {
      Permit taken = first;
      first = null;
      return taken;
    }

    /** Leaves a finished attempt's permit to the settle; false once it is done: release it. */
    synchronized boolean leave(Permit permit) {
      if (settled) {
        return false;
      }
      finished.add(permit);
      return true;
    }

    /** The permits the settle releases; from now each attempt releases its own. */
    synchronized List<Permit> settle() {
      settled = true;
      return takeFinished();
    }

    synchronized List<Permit> takeFinished() {
      List<Permit> taken = new ArrayList<>(finished);
      finished.clear();
      return taken;
    }
  }

  /** An attempt waiting for a permit. */
  private record Waiter(Link chain, CompletableFuture<PlivoResponse> outcome) {
    boolean gone() {
      return outcome.isDone() || chain.operation().result.isDone();
    }
  }

  @Override
  public CompletionStage<PlivoResponse> intercept(Chain chain) {
    Link link = (Link) chain;
    Waiter waiter = new Waiter(link, new CompletableFuture<>());
    if (link.attributes().get(PERMITS) instanceof Permits permits) {
      // A retry: the earlier attempts have their answers, so they are not the settle's to release.
      permits.takeFinished().forEach(p -> release(link, p));
      Permit first = permits.takeFirst();
      if (first != null) {
        answered(waiter, first, false);
        return waiter.outcome;
      }
    }
    List<Runnable> after = new ArrayList<>();
    boolean queued;
    synchronized (this) {
      queued = pumping;
      if (queued) {
        // Behind the waiters already there: no call to the store until it is this one's turn.
        Duration wait = Duration.ofNanos(Math.max(1, dueNanos - System.nanoTime()));
        if (fits(waiter, wait, after)) {
          waiting.addLast(waiter);
          after.add(() -> waitEvent(waiter, wait));
        }
      }
    }
    after.forEach(Runnable::run);
    if (!queued) {
      ask(waiter, false);
    }
    return waiter.outcome;
  }

  /**
   * Whether {@code waiter} may wait {@code wait}; if not, adds to {@code after} failing it, {@code
   * NOT_SENT} (run once the lock is released: completing runs the operation's stages).
   */
  private static boolean fits(Waiter waiter, Duration wait, List<Runnable> after) {
    Duration remaining = waiter.chain.remaining();
    if (wait.compareTo(remaining) < 0) {
      return true;
    }
    after.add(
        () ->
            waiter.outcome.completeExceptionally(
                Failures.get().rateBudgetExhausted(waiter.chain.request(), wait, remaining)));
    return false;
  }

  private static void waitEvent(Waiter waiter, Duration wait) {
    Link chain = waiter.chain;
    int attempt = chain.attempt();
    chain.operation().event(listener -> listener.rateBudgetWait(chain.request(), attempt, wait));
  }

  /** Asks the budget for one permit for {@code waiter}, the queue's head or a new arrival. */
  private void ask(Waiter waiter, boolean head) {
    CompletionStage<Permit> permit;
    try {
      permit = budget.tryAcquire(key, waiter.chain.remaining());
    } catch (RuntimeException e) {
      permit = CompletableFuture.failedFuture(e);
    }
    permit.whenComplete(
        (answer, failure) -> {
          if (failure != null || answer == null) {
            storeFailed(waiter, failure);
            if (head) {
              pump();
            }
          } else {
            answered(waiter, answer, head);
          }
        });
  }

  private void answered(Waiter waiter, Permit answer, boolean head) {
    if (answer.granted()) {
      // At once, on the thread that has the grant: every hop before the request leaves would
      // hold the permit longer (it counts from now until the answer, plus a window).
      send(waiter, answer);
      if (head) {
        pump(); // a grant may leave room for the next
      }
      return;
    }
    Duration wait = answer.retryAfter();
    List<Runnable> after = new ArrayList<>();
    boolean waits;
    synchronized (this) {
      waits = fits(waiter, wait, after);
      if (head) {
        if (waits) {
          waiting.addFirst(waiter);
        }
        // Those whose deadline the wait passes fail now rather than after it.
        waiting.removeIf(w -> w != waiter && !fits(w, wait, after));
        arm(wait, after);
      } else if (waits) {
        waiting.addLast(waiter);
        if (!pumping) {
          arm(wait, after);
        }
      }
    }
    if (waits) {
      waitEvent(waiter, wait);
    }
    after.forEach(Runnable::run);
  }

  /** Arms the timer on the Handoff timer of a waiter (holds the lock). */
  private void arm(Duration wait, List<Runnable> after) {
    Map<ScheduledExecutorService, Boolean> tried = new IdentityHashMap<>();
    while (!waiting.isEmpty()) {
      ScheduledExecutorService timer = waiting.peekFirst().chain.operation().engine.timer;
      if (tried.put(timer, Boolean.TRUE) == null) {
        try {
          timer.schedule(this::pump, wait.toNanos(), TimeUnit.NANOSECONDS);
          pumping = true;
          dueNanos = System.nanoTime() + wait.toNanos();
          return;
        } catch (RejectedExecutionException closed) {
          // that Handoff is closed: its operations fail as closed
        }
      }
      Waiter gone = waiting.pollFirst();
      Duration remaining = gone.chain.remaining();
      after.add(
          () ->
              gone.outcome.completeExceptionally(
                  Failures.get().rateBudgetExhausted(gone.chain.request(), wait, remaining)));
    }
    pumping = false;
  }

  /** The timer fired, or the head got its answer: asks for the next waiter, if any. */
  private void pump() {
    // A budget that answers at once (in memory) would recurse grant by grant: loop instead.
    int[] state = pumpState.get(); // 0 idle, 1 pumping on this thread, 2 asked to go on
    if (state[0] != 0) {
      state[0] = 2;
      return;
    }
    try {
      do {
        state[0] = 1;
        pumpOnce();
      } while (state[0] == 2);
    } finally {
      state[0] = 0;
    }
  }

  private void pumpOnce() {
    Waiter head;
    synchronized (this) {
      do {
        head = waiting.pollFirst();
      } while (head != null && head.gone());
      pumping = head != null;
    }
    if (head != null) {
      ask(head, true);
    }
  }

  /**
   * Sends the attempt; once its answer is relayed, releases the permit (or leaves it to settle).
   */
  private void send(Waiter waiter, Permit permit) {
    Link chain = waiter.chain;
    Runnable go =
        () -> {
          if (waiter.outcome.isDone()) {
            release(chain, permit);
            return;
          }
          CompletionStage<PlivoResponse> sent;
          try {
            sent = chain.proceed();
          } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
          }
          sent.whenComplete(
              (response, failure) -> {
                // Left to the settle before the answer is relayed, since relaying it may settle.
                // Else the release is sent first but not awaited: it adds no latency, and an
                // application that closes its store as soon as it has the answer (a CLI run)
                // still lets it out.
                boolean left =
                    chain.attributes().get(PERMITS) instanceof Permits permits
                        && permits.leave(permit);
                if (!left) {
                  release(chain, permit);
                }
                if (failure != null) {
                  waiter.outcome.completeExceptionally(failure);
                } else {
                  waiter.outcome.complete(response);
                }
              });
        };
    go.run();
  }

  /** Releases {@code permit}; a failure is an event, never the operation's. */
  void release(Link chain, Permit permit) {
    CompletionStage<Void> released;
    try {
      released = budget.release(permit);
    } catch (RuntimeException e) {
      released = CompletableFuture.failedFuture(e);
    }
    released.whenComplete(
        (ignored, failure) -> {
          if (failure != null) {
            Throwable cause = unwrap(failure);
            chain
                .operation()
                .event(
                    listener -> listener.coordinationFailed(chain.request(), STORE, mode, cause));
          }
        });
  }

  private void storeFailed(Waiter waiter, @Nullable Throwable failure) {
    Link chain = waiter.chain;
    Throwable cause = unwrap(failure);
    chain
        .operation()
        .event(listener -> listener.coordinationFailed(chain.request(), STORE, mode, cause));
    if (mode == FailureMode.FAIL_OPEN) {
      relay(chain.proceed(), waiter.outcome);
    } else {
      waiter.outcome.completeExceptionally(
          Failures.get().coordinationUnavailable(chain.request(), "the " + STORE, cause));
    }
  }

  static Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause != null ? cause : new IllegalStateException("the store completed with null");
  }

  static void relay(CompletionStage<PlivoResponse> from, CompletableFuture<PlivoResponse> to) {
    from.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            to.completeExceptionally(failure);
          } else {
            to.complete(response);
          }
        });
  }

  @Override
  public String toString() {
    return "RateBudgetInterceptor[" + budget + ", " + mode + "]";
  }
}
