package dev.handoff.redis;

import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.testkit.contract.IdempotencyStoreContract;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store over a real Redis; each store its own connection, as each instance of a fleet. A budget
 * paired with a store shares its connection, so the claim and the permit are one script.
 */
class RedisIdempotencyStoreContractTest extends IdempotencyStoreContract {
  private static RedisProcess redis;
  private final List<RedisCoordination> connections = new ArrayList<>();
  private final Map<IdempotencyStore, RedisCoordination> byStore = new IdentityHashMap<>();

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
  protected IdempotencyStore store() {
    RedisCoordination coordination = RedisCoordination.create(redis.url());
    connections.add(coordination);
    IdempotencyStore store = coordination.idempotencyStore();
    byStore.put(store, coordination);
    return store;
  }

  @Override
  protected RateBudget budgetSharing(IdempotencyStore store, RateLimit limit) {
    return byStore.get(store).rateBudget(limit);
  }
}
