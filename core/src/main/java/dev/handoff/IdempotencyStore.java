package dev.handoff;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

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

  /**
   * {@link #putIfAbsent}, and when the value was stored, {@link RateBudget#tryAcquire} of {@code
   * budget} too: the first attempt's permit taken with the claim. The default makes the two calls
   * one after the other; a store that shares a server with the budget (Redis) makes one round trip.
   *
   * @return what the key held (then no permit was asked for), or empty and the permit (granted or
   *     refused); a null permit when the budget failed after the value was stored (the caller then
   *     asks the budget again). Failed when the store failed.
   */
  default CompletionStage<ClaimAndPermit> putIfAbsentAndAcquire(
      String key, String value, Duration ttl, RateBudget budget, String budgetKey, Duration hold) {
    return putIfAbsent(key, value, ttl)
        .thenCompose(
            existing -> {
              if (existing.isPresent()) {
                return CompletableFuture.completedFuture(new ClaimAndPermit(existing, null));
              }
              CompletionStage<RateBudget.Permit> permit;
              try {
                permit = budget.tryAcquire(budgetKey, hold);
              } catch (RuntimeException e) {
                permit = CompletableFuture.failedFuture(e);
              }
              return permit.handle(
                  (taken, failure) ->
                      new ClaimAndPermit(Optional.empty(), failure == null ? taken : null));
            });
  }

  /**
   * Settles a claim and releases permits in one step: {@link #replace} with {@code value}, or
   * {@link #remove} when {@code value} is null, then {@link RateBudget#release} of each permit
   * whatever the first step found. The default makes the calls one after the other; a store that
   * shares a server with the budget (Redis) makes one round trip.
   *
   * @return whether the key held {@code expected}; failed when the store or the budget failed
   */
  default CompletionStage<Boolean> settleAndRelease(
      String key,
      String expected,
      @Nullable String value,
      Duration ttl,
      RateBudget budget,
      List<RateBudget.Permit> permits) {
    CompletionStage<Boolean> settled =
        value == null ? remove(key, expected) : replace(key, expected, value, ttl);
    return settled.thenCompose(
        done -> {
          CompletableFuture<?>[] released =
              permits.stream()
                  .map(p -> budget.release(p).toCompletableFuture())
                  .toArray(CompletableFuture<?>[]::new);
          return CompletableFuture.allOf(released).thenApply(ignored -> done);
        });
  }

  /**
   * What {@link #putIfAbsentAndAcquire} found.
   *
   * @param existing what the key held; empty when the value was stored
   * @param permit the permit asked for when the value was stored; null when none was asked for, or
   *     the budget failed
   */
  record ClaimAndPermit(Optional<String> existing, RateBudget.@Nullable Permit permit) {}

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
