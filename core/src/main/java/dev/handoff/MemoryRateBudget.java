package dev.handoff;

import dev.handoff.internal.Checks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * {@link RateBudget#inMemory}: per key, the times of the permits taken in the last window (a
 * sliding log), oldest first. Exact, and at most {@code permits} entries per key, so memory is
 * bounded by the limit. One lock: a permit costs a few hundred nanoseconds, far below a request.
 */
final class MemoryRateBudget implements RateBudget {
  private final RateLimit limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Map<String, ArrayDeque<Long>> logs = new HashMap<>();

  MemoryRateBudget(RateLimit limit, LongSupplier nanoTime) {
    this.limit = Checks.notNull(limit, "limit");
    this.windowNanos = limit.window().toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public CompletionStage<Duration> tryAcquire(String key) {
    Checks.notNull(key, "key");
    long now = nanoTime.getAsLong();
    synchronized (logs) {
      ArrayDeque<Long> log = logs.computeIfAbsent(key, k -> new ArrayDeque<>());
      while (!log.isEmpty() && now - log.peekFirst() >= windowNanos) {
        log.pollFirst();
      }
      if (log.size() < limit.permits()) {
        log.addLast(now);
        return CompletableFuture.completedFuture(Duration.ZERO);
      }
      long wait = log.peekFirst() + windowNanos - now;
      return CompletableFuture.completedFuture(Duration.ofNanos(Math.max(1, wait)));
    }
  }

  @Override
  public String toString() {
    return "RateBudget.inMemory[" + limit + "]";
  }
}
