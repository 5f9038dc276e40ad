package dev.handoff;

import dev.handoff.internal.Checks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * {@link RateBudget#inMemory}: per key, the permits that count, each with the time it stops
 * counting: taken + hold + window while in flight, released + window once released. Exact, and at
 * most {@code permits} entries per key (a permit is only taken below the limit), so memory is
 * bounded by the limit. One lock: a permit costs a few hundred nanoseconds, far below a request.
 */
final class MemoryRateBudget implements RateBudget {
  private final RateLimit limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;

  /** Per key: permit id to the nanoTime it stops counting at. */
  private final Map<String, Map<String, Long>> logs = new HashMap<>();

  private long nextId;

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
  public CompletionStage<Permit> tryAcquire(String key, Duration hold) {
    Checks.notNull(key, "key");
    Checks.notNull(hold, "hold");
    long now = nanoTime.getAsLong();
    long holdNanos = Math.max(0, saturatedNanos(hold));
    synchronized (logs) {
      Map<String, Long> log = live(key, now);
      if (log.size() < limit.permits()) {
        String id = Long.toString(++nextId);
        log.put(id, now + holdNanos + windowNanos);
        return CompletableFuture.completedFuture(Permit.granted(key, id));
      }
      long soonest = Long.MAX_VALUE;
      for (long until : log.values()) {
        soonest = Math.min(soonest, until - now);
      }
      // An in-flight permit counts at least one window after its release, so never less.
      long wait = Math.min(soonest, windowNanos);
      return CompletableFuture.completedFuture(
          Permit.refused(key, Duration.ofNanos(Math.max(1, wait))));
    }
  }

  @Override
  public CompletionStage<Void> release(Permit permit) {
    Checks.notNull(permit, "permit");
    if (!permit.granted()) {
      return CompletableFuture.completedFuture(null);
    }
    long now = nanoTime.getAsLong();
    synchronized (logs) {
      // Put back if it expired meanwhile: its request arrived no later than now, so it counts.
      live(permit.key(), now).put(permit.id(), now + windowNanos);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** The permits of {@code key} that still count at {@code now}. */
  private Map<String, Long> live(String key, long now) {
    Map<String, Long> log = logs.computeIfAbsent(key, k -> new LinkedHashMap<>());
    for (Iterator<Long> it = log.values().iterator(); it.hasNext(); ) {
      if (it.next() - now <= 0) {
        it.remove();
      }
    }
    return log;
  }

  /** At most a day: no overflow when added to a nanoTime, and far beyond any deadline. */
  private static long saturatedNanos(Duration duration) {
    Duration day = Duration.ofDays(1);
    return (duration.compareTo(day) > 0 ? day : duration).toNanos();
  }

  @Override
  public String toString() {
    return "RateBudget.inMemory[" + limit + "]";
  }
}
