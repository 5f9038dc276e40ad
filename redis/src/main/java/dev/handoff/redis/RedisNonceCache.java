package dev.handoff.redis;

import dev.handoff.callbacks.NonceCache;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plivo callback nonces seen by any instance of a fleet: one {@code SET key 1 NX PX retention} per
 * nonce, under {@code handoff:callbacks:nonce:{sha256(nonce)}}. Answers "first seen" exactly once
 * per nonce within the retention, whichever instance asks. Thread-safe; never blocks in {@link
 * #firstSeenAsync}.
 */
final class RedisNonceCache implements NonceCache {
  private static final String CLAIM =
      "if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 else return 0 end";

  private final RedisCoordination redis;
  private final Duration retention;
  private final Duration wait;

  RedisNonceCache(RedisCoordination redis, Duration retention, Duration wait) {
    this.redis = redis;
    this.retention = retention;
    this.wait = wait;
  }

  @Override
  public CompletionStage<Boolean> firstSeenAsync(String nonce) {
    String key = "handoff:callbacks:nonce:" + sha256(nonce);
    return redis
        .<Long>eval(CLAIM, ScriptOutputType.INTEGER, key, Long.toString(retention.toMillis()))
        .thenApply(claimed -> claimed == 1L);
  }

  /**
   * Blocks for at most the coordination's command timeout (plus its connection).
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
