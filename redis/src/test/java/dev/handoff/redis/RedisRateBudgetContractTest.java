package dev.handoff.redis;

import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.testkit.contract.RateBudgetContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The budget over a real Redis; each budget its own connection, as each instance of a fleet. */
class RedisRateBudgetContractTest extends RateBudgetContract {
  private static RedisProcess redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  protected RateBudget budget(RateLimit limit) {
    RedisCoordination coordination = RedisCoordination.create(redis.url());
    RateBudget budget = coordination.rateBudget(limit);
    return new RateBudget() {
      @Override
      public RateLimit limit() {
        return budget.limit();
      }

      @Override
      public java.util.concurrent.CompletionStage<java.time.Duration> tryAcquire(String key) {
        return budget.tryAcquire(key);
      }

      @Override
      public void close() {
        coordination.close();
      }
    };
  }
}
