package dev.handoff.redis;

import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.testkit.contract.RateBudgetContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The budget over a real Redis; each budget its own connection, as each instance of a fleet. */
class RedisRateBudgetContractTest extends RateBudgetContract {
  private static RedisProcess redis;
  private final List<RedisCoordination> connections = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @AfterEach
  void closeConnections() {
    connections.forEach(RedisCoordination::close);
  }

  @Override
  protected RateBudget budget(RateLimit limit) {
    RedisCoordination coordination = RedisCoordination.create(redis.url());
    connections.add(coordination);
    return coordination.rateBudget(limit);
  }
}
