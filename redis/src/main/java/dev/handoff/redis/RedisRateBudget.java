package dev.handoff.redis;

import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A sliding-window log in a sorted set: one member per permit taken, scored by Redis's own clock in
 * microseconds. Why not Bucket4j's Lettuce backend: a token bucket of capacity N refilled at N per
 * window lets up to 2N through in one window (a full bucket, then its refill), so meeting "at most
 * N in any window" means capacity N/2, wasting half the budget at full demand; and Bucket4j
 * computes refills on each instance's clock, so skew between instances distorts the budget. This
 * script is exact, atomic, and reads one clock.
 */
final class RedisRateBudget implements RateBudget {
  static final String SCRIPT =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
          + "local window = tonumber(ARGV[1])\n"
          + "local limit = tonumber(ARGV[2])\n"
          + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)\n"
          + "if redis.call('ZCARD', KEYS[1]) < limit then\n"
          + "  redis.call('ZADD', KEYS[1], now, ARGV[3])\n"
          + "  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)\n"
          + "  return 0\n"
          + "end\n"
          + "local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')\n"
          + "local wait = tonumber(oldest[2]) + window - now\n"
          + "if wait < 1 then wait = 1 end\n"
          + "return wait\n";

  private final RedisCoordination redis;
  private final RateLimit limit;
  private final String windowMicros;
  private final String permits;

  RedisRateBudget(RedisCoordination redis, RateLimit limit) {
    this.redis = redis;
    this.limit = limit;
    this.windowMicros = Long.toString(limit.window().toNanos() / 1000);
    this.permits = Integer.toString(limit.permits());
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public CompletionStage<Duration> tryAcquire(String key) {
    return redis
        .<Long>eval(
            SCRIPT,
            ScriptOutputType.INTEGER,
            key,
            windowMicros,
            permits,
            UUID.randomUUID().toString())
        .thenApply(micros -> Duration.ofNanos(micros * 1000));
  }

  @Override
  public String toString() {
    return "RedisRateBudget[" + limit + ", " + redis + "]";
  }
}
