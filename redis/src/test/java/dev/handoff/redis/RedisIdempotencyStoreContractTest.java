package dev.handoff.redis;

import dev.handoff.IdempotencyStore;
import dev.handoff.testkit.contract.IdempotencyStoreContract;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store over a real Redis; each store its own connection, as each instance of a fleet. */
class RedisIdempotencyStoreContractTest extends IdempotencyStoreContract {
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
  protected IdempotencyStore store() {
    RedisCoordination coordination = RedisCoordination.create(redis.url());
    IdempotencyStore store = coordination.idempotencyStore();
    return new IdempotencyStore() {
      @Override
      public CompletionStage<Optional<String>> putIfAbsent(String key, String value, Duration ttl) {
        return store.putIfAbsent(key, value, ttl);
      }

      @Override
      public CompletionStage<Optional<String>> get(String key) {
        return store.get(key);
      }

      @Override
      public CompletionStage<Boolean> replace(
          String key, String expected, String value, Duration ttl) {
        return store.replace(key, expected, value, ttl);
      }

      @Override
      public CompletionStage<Boolean> remove(String key, String expected) {
        return store.remove(key, expected);
      }

      @Override
      public void close() {
        coordination.close();
      }
    };
  }
}
