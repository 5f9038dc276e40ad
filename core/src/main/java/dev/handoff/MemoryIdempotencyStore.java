package dev.handoff;

import dev.handoff.internal.Checks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** {@link IdempotencyStore#inMemory}: a map under one lock, each entry with its expiry. */
final class MemoryIdempotencyStore implements IdempotencyStore {
  private record Entry(String value, long expiresNanos) {}

  private final LongSupplier nanoTime;
  private final Map<String, Entry> entries = new HashMap<>();
  private int writes;

  MemoryIdempotencyStore(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public CompletionStage<Optional<String>> putIfAbsent(String key, String value, Duration ttl) {
    check(key, value, ttl);
    synchronized (entries) {
      Entry current = live(key);
      if (current != null) {
        return CompletableFuture.completedFuture(Optional.of(current.value()));
      }
      write(key, value, ttl);
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }

  @Override
  public CompletionStage<Optional<String>> get(String key) {
    Checks.notNull(key, "key");
    synchronized (entries) {
      Entry current = live(key);
      return CompletableFuture.completedFuture(
          current == null ? Optional.empty() : Optional.of(current.value()));
    }
  }

  @Override
  public CompletionStage<Boolean> replace(String key, String expected, String value, Duration ttl) {
    check(key, value, ttl);
    Checks.notNull(expected, "expected");
    synchronized (entries) {
      Entry current = live(key);
      if (current == null || !current.value().equals(expected)) {
        return CompletableFuture.completedFuture(false);
      }
      write(key, value, ttl);
      return CompletableFuture.completedFuture(true);
    }
  }

  @Override
  public CompletionStage<Boolean> remove(String key, String expected) {
    Checks.notNull(key, "key");
    Checks.notNull(expected, "expected");
    synchronized (entries) {
      Entry current = live(key);
      if (current == null || !current.value().equals(expected)) {
        return CompletableFuture.completedFuture(false);
      }
      entries.remove(key);
      return CompletableFuture.completedFuture(true);
    }
  }

  private @Nullable Entry live(String key) {
    Entry entry = entries.get(key);
    if (entry != null && nanoTime.getAsLong() - entry.expiresNanos() >= 0) {
      entries.remove(key);
      return null;
    }
    return entry;
  }

  private void write(String key, String value, Duration ttl) {
    long now = nanoTime.getAsLong();
    entries.put(key, new Entry(value, now + ttl.toNanos()));
    if (++writes % 1000 == 0) {
      entries.values().removeIf(entry -> now - entry.expiresNanos() >= 0);
    }
  }

  private static void check(String key, String value, Duration ttl) {
    Checks.notNull(key, "key");
    Checks.notNull(value, "value");
    Checks.notNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
  }

  @Override
  public String toString() {
    return "IdempotencyStore.inMemory";
  }
}
