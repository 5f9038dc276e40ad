package dev.handoff.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateBudget} does: at most N permits count at once, per key, across every thread
 * (and, for a shared implementation, every instance that uses the same store); a permit counts
 * while in flight, then one window from its release, and an unreleased one expires after its hold
 * and a window; a refused permit says how long until one may be free. Extend it with a factory for
 * the implementation.
 */
public abstract class RateBudgetContract {
  private final List<RateBudget> opened = new ArrayList<>();

  /**
   * A new budget for {@code limit}; each call may share state with earlier ones (a fleet on one
   * store), and keys are unique per test.
   */
  protected abstract RateBudget budget(RateLimit limit);

  /** A key no other test uses, so that a shared store's state does not leak between tests. */
  protected final String key(String name) {
    return "handoff:{contract}:" + name + ":" + System.nanoTime();
  }

  private RateBudget open(RateLimit limit) {
    RateBudget budget = budget(limit);
    opened.add(budget);
    return budget;
  }

  @AfterEach
  void closeBudgets() {
    opened.forEach(RateBudget::close);
  }

  private static final Duration HOLD = Duration.ofMinutes(1);

  /** Asks for a permit, held a minute at most: the wait it must wait, zero when taken. */
  private static Duration take(RateBudget budget, String key) throws Exception {
    return acquire(budget, key, HOLD).retryAfter();
  }

  private static RateBudget.Permit acquire(RateBudget budget, String key, Duration hold)
      throws Exception {
    return budget.tryAcquire(key, hold).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void release(RateBudget budget, RateBudget.Permit permit) throws Exception {
    budget.release(permit).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Waits as the budget says until it grants a permit of {@code key} (held a minute at most), at
   * most 10 s; the {@link System#nanoTime()} at which the grant came back.
   *
   * @throws AssertionError if none was granted in 10 s
   */
  public static long awaitGrant(RateBudget budget, String key) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    RateBudget.Permit permit = acquire(budget, key, HOLD);
    while (!permit.granted() && System.nanoTime() < deadline) {
      // Waits as told: time itself is what is tested, no synchronisation.
      TimeUnit.NANOSECONDS.sleep(Math.max(permit.retryAfter().toNanos(), 1_000_000));
      permit = acquire(budget, key, HOLD);
    }
    assertThat(permit.granted()).as("a permit within 10 s").isTrue();
    return System.nanoTime();
  }

  @Test
  void givesNPermitsThenSaysHowLongToWait() throws Exception {
    RateLimit limit = new RateLimit(5, Duration.ofSeconds(30));
    RateBudget budget = open(limit);
    String key = key("n");
    for (int i = 0; i < 5; i++) {
      assertThat(take(budget, key)).as("permit %d", i + 1).isZero();
    }
    Duration wait = take(budget, key);
    assertThat(wait).isPositive().isLessThanOrEqualTo(limit.window());
    assertThat(budget.limit()).isEqualTo(limit);
  }

  @Test
  void concurrentCallersNeverGetMoreThanN() throws Exception {
    RateLimit limit = new RateLimit(10, Duration.ofMinutes(5));
    RateBudget one = open(limit);
    RateBudget two = open(limit);
    String key = key("concurrent");
    AtomicInteger taken = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        RateBudget budget = t % 2 == 0 ? one : two;
        Callable<Void> task =
            () -> {
              for (int i = 0; i < 10; i++) {
                if (take(budget, key).isZero()) {
                  taken.incrementAndGet();
                }
              }
              return null;
            };
        done.add(threads.submit(task));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(taken).hasValue(10);
  }

  @Test
  void keysHaveTheirOwnBudgets() throws Exception {
    RateBudget budget = open(new RateLimit(1, Duration.ofMinutes(5)));
    String a = key("a");
    String b = key("b");
    assertThat(take(budget, a)).isZero();
    assertThat(take(budget, b)).isZero();
    assertThat(take(budget, a)).isPositive();
  }

  @Test
  void permitsComeBackWhenTheWindowSlides() throws Exception {
    RateBudget budget = open(new RateLimit(2, Duration.ofMillis(300)));
    String key = key("slide");
    release(budget, acquire(budget, key, HOLD));
    release(budget, acquire(budget, key, HOLD));
    assertThat(take(budget, key)).isPositive();
    awaitGrant(budget, key);
  }

  @Test
  void anInFlightPermitCountsUntilReleased() throws Exception {
    RateLimit limit = new RateLimit(1, Duration.ofMillis(100));
    RateBudget budget = open(limit);
    String key = key("in-flight");
    RateBudget.Permit permit = acquire(budget, key, HOLD);
    assertThat(permit.granted()).isTrue();
    assertThat(permit.id()).isNotNull();

    TimeUnit.MILLISECONDS.sleep(3 * limit.window().toMillis()); // three windows without an answer

    RateBudget.Permit refused = acquire(budget, key, HOLD);
    assertThat(refused.granted()).as("still in flight, so it still counts").isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(limit.window());
    release(budget, permit);
    awaitGrant(budget, key);
  }

  @Test
  void aReleasedPermitCountsForOneWindowFromItsRelease() throws Exception {
    RateLimit limit = new RateLimit(1, Duration.ofMillis(400));
    RateBudget budget = open(limit);
    String key = key("released");
    RateBudget.Permit permit = acquire(budget, key, HOLD);
    TimeUnit.MILLISECONDS.sleep(limit.window().toMillis() / 2); // its request takes half a window

    long beforeRelease = System.nanoTime();
    release(budget, permit);
    release(budget, RateBudget.Permit.refused(key, Duration.ofMillis(1))); // does nothing

    assertThat(take(budget, key)).isPositive();
    long granted = awaitGrant(budget, key);
    // Not a window after it was taken: a window after its answer came back.
    assertThat(granted - beforeRelease).isGreaterThanOrEqualTo(limit.window().toNanos());
  }

  @Test
  void anUnreleasedPermitExpiresAfterItsHoldAndAWindow() throws Exception {
    RateLimit limit = new RateLimit(1, Duration.ofMillis(100));
    RateBudget budget = open(limit);
    String key = key("expires");
    long beforeTaken = System.nanoTime();
    RateBudget.Permit permit = acquire(budget, key, Duration.ofMillis(200));
    assertThat(permit.granted()).isTrue();
    assertThat(take(budget, key)).isPositive();

    long granted = awaitGrant(budget, key); // its instance stopped: never released

    assertThat(granted - beforeTaken)
        .as("hold + window")
        .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
  }
}
