package dev.handoff.redis;

import dev.handoff.IdempotencyStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Each operation one atomic Lua script (a claim is {@code SET NX PX} that also returns what is
 * there), values expiring with {@code PX}.
 */
final class RedisIdempotencyStore implements IdempotencyStore {
  static final String PUT_IF_ABSENT =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v then return v end\n"
          + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
          + "return false\n";
  static final String GET = "return redis.call('GET', KEYS[1])\n";
  static final String REPLACE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
          + "  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])\n"
          + "  return 1\n"
          + "end\n"
          + "return 0\n";
  static final String REMOVE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
          + "return 0\n";

  private final RedisCoordination redis;

  RedisIdempotencyStore(RedisCoordination redis) {
    this.redis = redis;
  }

  @Override
  public CompletionStage<Optional<String>> putIfAbsent(String key, String value, Duration ttl) {
    return redis
        .<String>eval(PUT_IF_ABSENT, ScriptOutputType.VALUE, key, value, millis(ttl))
        .thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Optional<String>> get(String key) {
    return redis.<String>eval(GET, ScriptOutputType.VALUE, key).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Boolean> replace(String key, String expected, String value, Duration ttl) {
    return redis
        .<Long>eval(REPLACE, ScriptOutputType.INTEGER, key, expected, value, millis(ttl))
        .thenApply(n -> n == 1L);
  }

  @Override
  public CompletionStage<Boolean> remove(String key, String expected) {
    return redis
        .<Long>eval(REMOVE, ScriptOutputType.INTEGER, key, expected)
        .thenApply(n -> n == 1L);
  }

  private static String millis(Duration ttl) {
    return Long.toString(Math.max(1, ttl.toMillis()));
  }

  @Override
  public String toString() {
    return "RedisIdempotencyStore[" + redis + "]";
  }
}
