package dev.handoff.callbacks;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@link NonceCache#inMemory}: an insertion-ordered map under one lock. Every entry lives for the
 * same retention, so insertion order is expiry order and expired entries are always at the head:
 * each call drops them in time proportional to their number, and a full map drops its eldest.
 */
final class InMemoryNonceCache implements NonceCache {
  private final long retentionNanos;
  private final int maxEntries;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<String, Long> seenAt = new LinkedHashMap<>();

  InMemoryNonceCache(Duration retention, int maxEntries, LongSupplier nanoTime) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be 1 or more, was " + maxEntries);
    }
    this.retentionNanos = saturatedNanos(retention);
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
  }

  @Override
  public boolean firstSeen(String nonce) {
    Objects.requireNonNull(nonce, "nonce");
    long now = nanoTime.getAsLong();
    synchronized (seenAt) {
      Iterator<Map.Entry<String, Long>> eldest = seenAt.entrySet().iterator();
      while (eldest.hasNext()) {
        if (now - eldest.next().getValue() < retentionNanos) {
          break;
        }
        eldest.remove();
      }
      if (seenAt.containsKey(nonce)) {
        return false;
      }
      if (seenAt.size() >= maxEntries) {
        seenAt.remove(seenAt.keySet().iterator().next());
      }
      seenAt.put(nonce, now);
      return true;
    }
  }

  /** How many nonces are remembered (for tests). */
  int size() {
    synchronized (seenAt) {
      return seenAt.size();
    }
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "NonceCache.inMemory[retention="
        + Duration.ofNanos(retentionNanos)
        + ", maxEntries="
        + maxEntries
        + "]";
  }
}
