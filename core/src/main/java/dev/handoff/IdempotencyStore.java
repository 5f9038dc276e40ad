package dev.handoff;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where idempotency claims and outcomes are kept: a small key-value store with atomic
 * compare-and-set operations and expiry, shared by every {@link Handoff} that uses it ({@link
 * HandoffConfig.Builder#idempotencyStore}). Handoff chooses the keys ({@code
 * handoff:{account-hash}:idem:{key-hash}}) and the values (opaque text of at most a few kilobytes,
 * never a credential); the store only keeps them.
 *
 * <p>{@link #inMemory} serves one JVM; the {@code handoff-redis} module serves a fleet.
 * Implementations are thread-safe and never block: each method returns at once and completes later.
 * A stage fails when the store failed or cannot be reached; Handoff then fails closed or open
 * ({@link FailureMode}). {@code IdempotencyStoreContract} in {@code handoff-testkit-junit5} checks
 * an implementation.
 */
public interface IdempotencyStore extends AutoCloseable {

  /**
   * Stores {@code value} under {@code key} for {@code ttl} unless the key holds a value already.
   *
   * @return empty when stored; else the value the key holds (which is left as it is)
   */
  CompletionStage<Optional<String>> putIfAbsent(String key, String value, Duration ttl);

  /** The value {@code key} holds, or empty when it holds none (never set, removed or expired). */
  CompletionStage<Optional<String>> get(String key);

  /**
   * Replaces the value of {@code key} with {@code value}, expiring after {@code ttl}, if it holds
   * {@code expected}.
   *
   * @return whether it held {@code expected} and was replaced
   */
  CompletionStage<Boolean> replace(String key, String expected, String value, Duration ttl);

  /**
   * Removes {@code key} if it holds {@code expected}.
   *
   * @return whether it held {@code expected} and was removed
   */
  CompletionStage<Boolean> remove(String key, String expected);

  /** Releases what the store holds (a connection); the default does nothing. */
  @Override
  default void close() {}

  /**
   * A store in this JVM's memory, shared by every Handoff given the same instance. Expired entries
   * are dropped as they are met and on a sweep every 1,000 writes.
   */
  static IdempotencyStore inMemory() {
    return new MemoryIdempotencyStore(System::nanoTime);
  }
}
