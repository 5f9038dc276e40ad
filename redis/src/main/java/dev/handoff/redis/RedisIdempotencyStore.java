package dev.handoff.redis;

import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Each operation one atomic Lua script (a claim is {@code SET NX PX} that also returns what is
 * there), values expiring with {@code PX}. With a {@link RedisRateBudget} of the same {@link
 * RedisCoordination}, the claim takes the first permit and the settle releases the permits in the
 * same script: two round trips per keyed transfer instead of four. The keys share their hash tag
 * ({@code handoff:{account}:...}), so the two keys of one script live in one Redis Cluster slot.
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

  /**
   * KEYS[1] the claim, KEYS[2] the budget; ARGV value, ttl ms, window µs, limit, id, hold µs.
   * Returns {what the key held, or '' when stored; the permit's answer, or -1 when none was asked}.
   */
  static final String CLAIM_AND_ACQUIRE =
      RedisRateBudget.FUNCTIONS
          + "local v = redis.call('GET', KEYS[1])\n"
          + "if v then return {v, -1} end\n"
          + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
          + "return {'', acquire(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5],"
          + " tonumber(ARGV[6]))}\n";

  /**
   * KEYS[1] the claim, KEYS[2] the budget; ARGV expected, value ('' removes), ttl ms, window µs,
   * then the permits' ids. Returns 1 when the key held {@code expected}.
   */
  static final String SETTLE_AND_RELEASE =
      RedisRateBudget.FUNCTIONS
          + "local done = 0\n"
          + "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
          + "  if ARGV[2] == '' then redis.call('DEL', KEYS[1])\n"
          + "  else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end\n"
          + "  done = 1\n"
          + "end\n"
          + "release(KEYS[2], tonumber(ARGV[4]), 5)\n"
          + "return done\n";

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

  @Override
  public CompletionStage<ClaimAndPermit> putIfAbsentAndAcquire(
      String key, String value, Duration ttl, RateBudget budget, String budgetKey, Duration hold) {
    if (!(budget instanceof RedisRateBudget same) || same.redis() != redis) {
      return IdempotencyStore.super.putIfAbsentAndAcquire(key, value, ttl, budget, budgetKey, hold);
    }
    String id = RedisRateBudget.newId();
    return redis
        .<List<Object>>eval(
            CLAIM_AND_ACQUIRE,
            ScriptOutputType.MULTI,
            new String[] {key, budgetKey},
            value,
            millis(ttl),
            same.windowMicros(),
            same.permits(),
            id,
            RedisRateBudget.holdMicros(hold))
        .thenApply(
            answer -> {
              String existing = (String) answer.get(0);
              long micros = (Long) answer.get(1);
              if (!existing.isEmpty()) {
                return new ClaimAndPermit(Optional.of(existing), null);
              }
              return new ClaimAndPermit(
                  Optional.empty(), RedisRateBudget.permit(budgetKey, id, micros));
            });
  }

  @Override
  public CompletionStage<Boolean> settleAndRelease(
      String key,
      String expected,
      @Nullable String value,
      Duration ttl,
      RateBudget budget,
      List<RateBudget.Permit> permits) {
    if (!(budget instanceof RedisRateBudget same)
        || same.redis() != redis
        || permits.stream().anyMatch(p -> !p.key().equals(permits.get(0).key()))) {
      return IdempotencyStore.super.settleAndRelease(key, expected, value, ttl, budget, permits);
    }
    String budgetKey = permits.isEmpty() ? key : permits.get(0).key();
    List<String> args = new ArrayList<>();
    args.add(expected);
    args.add(value == null ? "" : value);
    args.add(millis(ttl));
    args.add(same.windowMicros());
    args.addAll(RedisRateBudget.ids(permits));
    return redis
        .<Long>eval(
            SETTLE_AND_RELEASE,
            ScriptOutputType.INTEGER,
            new String[] {key, budgetKey},
            args.toArray(String[]::new))
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
