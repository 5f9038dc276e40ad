package dev.handoff.cli;

import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.redis.RedisCoordination;
import org.jspecify.annotations.Nullable;

/**
 * What one CLI run coordinates with other runs: a rate budget and an idempotency store, over Redis
 * ({@code --redis-url}) or in memory, and the Redis connection to close after the command.
 */
record Coordination(
    @Nullable RedisCoordination redis,
    @Nullable RateBudget budget,
    @Nullable IdempotencyStore store)
    implements AutoCloseable {

  /** Adds the budget and the store to {@code builder}, with Handoff's default failure modes. */
  HandoffConfig.Builder configure(HandoffConfig.Builder builder) {
    if (budget != null) {
      builder.rateBudget(budget);
    }
    if (store != null) {
      builder.idempotencyStore(store);
    }
    return builder;
  }

  /** Closes the Redis connection, if any; an in-memory budget or store holds nothing. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
