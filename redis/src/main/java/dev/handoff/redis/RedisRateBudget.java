package dev.handoff.redis;

import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A log in a sorted set of the permits that count: one member per permit, scored by when it stops
 * counting, in microseconds of Redis's own clock ({@code TIME}): taken + hold + window while its
 * request is in flight, released + window once its answer came back. So every arrival at the server
 * (between the two) is covered, whatever the delay on the way. Why not Bucket4j's Lettuce backend:
 * a token bucket of capacity N refilled at N per window lets up to 2N through in one window (a full
 * bucket, then its refill), so meeting "at most N in any window" means capacity N/2, wasting half
 * the budget at full demand; Bucket4j computes refills on each instance's clock, so skew between
 * instances distorts the budget; and a bucket cannot hold a permit until the answer. This script is
 * exact, atomic, and reads one clock.
 */
final class RedisRateBudget implements RateBudget {
  /**
   * Lua functions the scripts share. {@code acquire(key, window, limit, id, hold)} returns 0 and
   * adds the permit when fewer than {@code limit} count, else how long (µs) until one may stop
   * counting: the soonest end, but at most a window (an in-flight permit counts at least a window
   * after its release). {@code release(key, window, first)} rescores the ids in {@code
   * ARGV[first..]} to now + window (putting back one that expired: its request arrived by now). The
   * key expires with its last permit.
   */
  static final String FUNCTIONS =
      "local function now()\n"
          + "  local t = redis.call('TIME')\n"
          + "  return tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
          + "end\n"
          + "local function expire(key, t)\n"
          + "  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')\n"
          + "  if last[2] then\n"
          + "    redis.call('PEXPIRE', key, math.ceil((tonumber(last[2]) - t) / 1000) + 1000)\n"
          + "  end\n"
          + "end\n"
          + "local function acquire(key, window, limit, id, hold)\n"
          + "  local t = now()\n"
          + "  redis.call('ZREMRANGEBYSCORE', key, '-inf', t)\n"
          + "  if redis.call('ZCARD', key) < limit then\n"
          + "    redis.call('ZADD', key, t + hold + window, id)\n"
          + "    expire(key, t)\n"
          + "    return 0\n"
          + "  end\n"
          + "  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')\n"
          + "  local wait = tonumber(first[2]) - t\n"
          + "  if wait > window then wait = window end\n"
          + "  if wait < 1 then wait = 1 end\n"
          + "  return wait\n"
          + "end\n"
          + "local function release(key, window, first)\n"
          + "  if #ARGV < first then return end\n"
          + "  local t = now()\n"
          + "  for i = first, #ARGV do\n"
          + "    redis.call('ZADD', key, t + window, ARGV[i])\n"
          + "  end\n"
          + "  expire(key, t)\n"
          + "end\n";

  /** KEYS[1] the budget; ARGV window µs, limit, id, hold µs. */
  static final String ACQUIRE =
      FUNCTIONS
          + "return acquire(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3],"
          + " tonumber(ARGV[4]))\n";

  /** KEYS[1] the budget; ARGV window µs, then the ids. */
  static final String RELEASE = FUNCTIONS + "release(KEYS[1], tonumber(ARGV[1]), 2)\nreturn 0\n";

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

  /** The coordination whose server holds this budget: a store of the same may combine steps. */
  RedisCoordination redis() {
    return redis;
  }

  String windowMicros() {
    return windowMicros;
  }

  String permits() {
    return permits;
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** At most a day: far beyond any deadline, and exact in a double of microseconds. */
  static String holdMicros(Duration hold) {
    Duration day = Duration.ofDays(1);
    Duration bounded = hold.isNegative() ? Duration.ZERO : hold.compareTo(day) > 0 ? day : hold;
    return Long.toString(bounded.toNanos() / 1000);
  }

  /** The permit a script's answer names: 0 granted, else the wait in µs. */
  static Permit permit(String key, String id, long micros) {
    return micros == 0
        ? Permit.granted(key, id)
        : Permit.refused(key, Duration.ofNanos(Math.max(1, micros) * 1000));
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public CompletionStage<Permit> tryAcquire(String key, Duration hold) {
    String id = newId();
    return redis
        .<Long>eval(
            ACQUIRE, ScriptOutputType.INTEGER, key, windowMicros, permits, id, holdMicros(hold))
        .thenApply(micros -> permit(key, id, micros));
  }

  @Override
  public CompletionStage<Void> release(Permit permit) {
    if (!permit.granted()) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return redis
        .<Long>eval(RELEASE, ScriptOutputType.INTEGER, permit.key(), windowMicros, permit.id())
        .thenApply(ignored -> null);
  }

  /** The ids of the granted permits among {@code permits}, for a script's ARGV. */
  static List<String> ids(List<Permit> permits) {
    return permits.stream().filter(Permit::granted).map(Permit::id).toList();
  }

  @Override
  public String toString() {
    return "RedisRateBudget[" + limit + ", " + redis + "]";
  }
}
