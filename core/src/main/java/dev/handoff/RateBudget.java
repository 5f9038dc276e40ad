package dev.handoff;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A rate budget shared by every {@link Handoff} that uses it: at most {@link #limit()} requests in
 * any window, per key (Handoff uses one key per Plivo account, derived from a one-way hash of the
 * Auth ID). Configured with {@link HandoffConfig.Builder#rateBudget}, it is acquired before each
 * attempt, the first and every retry; an attempt waits (asynchronously, within the operation's
 * deadline) for a permit, or fails at once with {@link
 * dev.handoff.model.RateBudgetExhaustedException} when the wait would pass the deadline.
 *
 * <p>{@link #inMemory} shares a budget within one JVM; the {@code handoff-redis} module shares one
 * across a fleet. Implementations are thread-safe and never block: {@link #tryAcquire} returns at
 * once and completes later (a Redis round trip, say). {@code RateBudgetContract} in {@code
 * handoff-testkit-junit5} checks an implementation.
 */
public interface RateBudget extends AutoCloseable {

  /** The limit this budget enforces. */
  RateLimit limit();

  /**
   * Takes one permit for {@code key} if the last {@link RateLimit#window()} holds fewer than {@link
   * RateLimit#permits()} permits taken, counting this one.
   *
   * @param key the budget's name, such as {@code handoff:{hash}:budget}; at most 256 characters
   * @return a stage completed with {@link Duration#ZERO} when the permit was taken, else with how
   *     long until one may be free (positive, at most the window); failed when the budget's store
   *     failed (Handoff then fails open or closed, see {@link HandoffConfig.Builder#rateBudget})
   */
  CompletionStage<Duration> tryAcquire(String key);

  /** Releases what the budget holds (a connection); the default does nothing. */
  @Override
  default void close() {}

  /**
   * A budget kept in this JVM's memory: an exact sliding log of the times permits were taken, so no
   * window of {@link RateLimit#window()} ever holds more than {@link RateLimit#permits()}. Shared
   * by every Handoff given the same instance.
   *
   * @throws NullPointerException if {@code limit} is null
   */
  static RateBudget inMemory(RateLimit limit) {
    return new MemoryRateBudget(limit, System::nanoTime);
  }
}
