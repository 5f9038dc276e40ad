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
 * What every {@link RateBudget} does: at most N permits in any window, per key, across every thread
 * (and, for a shared implementation, every instance that uses the same store); a refused permit
 * says how long until one may be free. Extend it with a factory for the implementation.
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

  private static Duration take(RateBudget budget, String key) throws Exception {
    return budget.tryAcquire(key).toCompletableFuture().get(10, TimeUnit.SECONDS);
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
    assertThat(take(budget, key)).isZero();
    assertThat(take(budget, key)).isZero();
    Duration wait = take(budget, key);
    assertThat(wait).isPositive();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Duration next = wait;
    while (!next.isZero() && System.nanoTime() < deadline) {
      TimeUnit.NANOSECONDS.sleep(Math.max(next.toNanos(), 1_000_000)); // waits as told, no sync
      next = take(budget, key);
    }
    assertThat(next).isZero();
  }
}
