package dev.handoff.redis;

import dev.handoff.callbacks.NonceCache;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plivo callback nonces seen by any instance of a fleet, a replay guard for {@code
 * handoff-callbacks}' {@code SignatureVerifier.Builder.nonceCache}: one {@code SET key 1 NX PX
 * retention} per nonce, under {@code handoff:callbacks:nonce:{sha256(nonce)}}. Answers "first seen"
 * exactly once per nonce within the retention, whichever instance asks first. Thread-safe; never
 * blocks in {@link #firstSeenAsync}. A class of its own, so that {@link RedisCoordination} works
 * without {@code handoff-callbacks} on the class path.
 *
 * <p>When Redis fails the cache fails: {@code verifyAsync} completes exceptionally, {@link
 * #firstSeen} throws {@link RedisUnavailableException}. Refuse the callback then, and Plivo retries
 * it, rather than accept a possible replay.
 */
public final class RedisNonceCache implements NonceCache {
  private static final String CLAIM =
      "if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 else return 0 end";

  private final RedisCoordination redis;
  private final Duration retention;
  private final Duration wait;

  private RedisNonceCache(RedisCoordination redis, Duration retention) {
    this.redis = redis;
    this.retention = retention;
    this.wait = redis.commandTimeout().multipliedBy(2);
  }

  /**
   * The fleet's nonce cache over {@code redis}.
   *
   * @param retention how long a nonce is remembered: at least Plivo's callback retry span (a few
   *     minutes); 1 second to 1 day
   * @throws IllegalArgumentException if {@code retention} is out of range
   * @throws NullPointerException if an argument is null
   */
  public static RedisNonceCache create(RedisCoordination redis, Duration retention) {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(retention, "retention");
    if (retention.compareTo(Duration.ofSeconds(1)) < 0
        || retention.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("retention must be 1 second to 1 day, was " + retention);
    }
    return new RedisNonceCache(redis, retention);
  }

  @Override
  public CompletionStage<Boolean> firstSeenAsync(String nonce) {
    String key = "handoff:callbacks:nonce:" + sha256(nonce);
    return redis
        .<Long>eval(CLAIM, ScriptOutputType.INTEGER, key, Long.toString(retention.toMillis()))
        .thenApply(claimed -> claimed == 1L);
  }

  /**
   * Blocks for at most twice the coordination's command timeout (its connection, its command).
   *
   * @throws RedisUnavailableException if Redis failed or did not answer in time: the caller should
   *     refuse the callback (Plivo retries it) rather than risk a replay
   */
  @Override
  public boolean firstSeen(String nonce) {
    try {
      return firstSeenAsync(nonce)
          .toCompletableFuture()
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisUnavailableException(redis.maskedUrl(), e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisUnavailableException unavailable) {
        throw unavailable;
      }
      throw new RedisUnavailableException(redis.maskedUrl(), cause == null ? e : cause);
    } catch (TimeoutException e) {
      throw new RedisUnavailableException(redis.maskedUrl(), e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "RedisNonceCache[" + redis.maskedUrl() + ", retention=" + retention + "]";
  }
}
