package dev.handoff.callbacks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the nonces of genuine requests, so that a captured request replayed later is refused
 * ({@link Verification.Reason#REPLAYED_NONCE}). {@link SignatureVerifier} asks only after a
 * signature matched, so forged requests cannot fill it.
 *
 * <p>Implementations are thread-safe: one instance serves every request thread. {@link
 * #firstSeen(String)} returns quickly (an in-memory lookup); an implementation over the network
 * (Redis) overrides {@link #firstSeenAsync(String)} to not block the event loop, and {@link
 * SignatureVerifier#verifyAsync(CallbackRequest)} uses it.
 */
public interface NonceCache {
  /**
   * Records {@code nonce} and answers whether this was the first time it was seen within the
   * retention: true the first time, false for a replay. Atomic: of two concurrent calls with one
   * nonce, exactly one answers true.
   *
   * @param nonce the value of {@code X-Plivo-Signature-V3-Nonce}, non-empty
   * @throws NullPointerException if {@code nonce} is null
   */
  boolean firstSeen(String nonce);

  /**
   * {@link #firstSeen(String)} without blocking the caller. The default completes at once with
   * {@code firstSeen(nonce)}; a remote implementation completes when its store answered.
   *
   * @throws NullPointerException if {@code nonce} is null
   */
  default CompletionStage<Boolean> firstSeenAsync(String nonce) {
    return CompletableFuture.completedFuture(firstSeen(nonce));
  }

  /**
   * An in-memory cache of at most {@code maxEntries} nonces, each kept for {@code retention} after
   * it was first seen. When full, it forgets the oldest nonce first: size it as retention × peak
   * callback rate. Per process: behind several instances, use a shared store.
   *
   * @param retention how long a nonce is remembered, positive (for example 10 minutes: longer than
   *     Plivo's retries of one callback, which share their nonce only if Plivo reuses it)
   * @param maxEntries the bound, 1 or more
   * @throws NullPointerException if {@code retention} is null
   * @throws IllegalArgumentException if {@code retention} is not positive or {@code maxEntries} is
   *     less than 1
   */
  static NonceCache inMemory(Duration retention, int maxEntries) {
    return new InMemoryNonceCache(retention, maxEntries, System::nanoTime);
  }
}
