package dev.handoff.spring.boot;

import dev.handoff.redis.RedisCoordination;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Answers the health indicator's question "does the fleet's Redis answer?" with a PING over its own
 * Lettuce connection, opened on the first check and kept: RedisCoordination offers no check of its
 * own, and a PING changes no key of the budget or the store. A failed check drops the connection,
 * so the next one connects again.
 */
final class RedisProbe implements HealthProbe, AutoCloseable {
  private final String maskedUrl;
  private final RedisClient client;
  private @Nullable StatefulRedisConnection<String, String> connection;

  RedisProbe(String url, Duration timeout) {
    this.maskedUrl = RedisCoordination.mask(url);
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    this.client = RedisClient.create(uri);
  }

  @Override
  public String name() {
    return "redis";
  }

  /** The URL, its password masked. */
  @Override
  public String target() {
    return maskedUrl;
  }

  /**
   * Null when Redis answered PONG; else the failure's type, never its message (which may name the
   * host and port only, but a driver's message is not ours to vouch for).
   */
  @Override
  public synchronized @Nullable String failure() {
    try {
      if (connection == null || !connection.isOpen()) {
        connection = client.connect();
      }
      String answer = connection.sync().ping();
      return "PONG".equalsIgnoreCase(answer) ? null : "unexpected answer to PING";
    } catch (RuntimeException e) {
      if (connection != null) {
        connection.closeAsync();
        connection = null;
      }
      return e.getClass().getSimpleName();
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown();
  }
}
