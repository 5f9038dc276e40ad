package dev.handoff.redis;

import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One Redis server shared by a fleet of Handoff instances: the {@link RateBudget} and the {@link
 * IdempotencyStore} it serves, over one Lettuce connection (non-blocking: safe on an event loop).
 *
 * <pre>{@code
 * RedisCoordination redis = RedisCoordination.create("redis://:secret@redis.internal:6379");
 * HandoffConfig config = HandoffConfig.builder(credentials)
 *     .rateBudget(redis.rateBudget(RateLimit.PLIVO))
 *     .idempotencyStore(redis.idempotencyStore())
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>Connects on first use, and again after a failed connection: Redis may be down when the
 *       application starts. Once connected, Lettuce reconnects by itself (every 100 ms); while it
 *       is disconnected, commands fail at once rather than queue.
 *   <li>Every command fails after {@code commandTimeout} (1 s by default) without an answer: a slow
 *       Redis counts as a Redis that is down.
 *   <li>A failure is a {@link RedisUnavailableException} whose message shows the URL with its
 *       password masked ({@link #mask}); Handoff then fails open or closed ({@code FailureMode}).
 *   <li>Each step is one round trip: one Lua script, atomic on the server, sent by its digest
 *       ({@code EVALSHA}), using the server's clock ({@code TIME}) for the budget, so that clock
 *       skew between instances does not distort it. With both the budget and the store of one
 *       {@code RedisCoordination}, a keyed transfer makes two: the claim that takes the first
 *       permit, and the settle that releases the last.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} closes the connection; the budget and store it handed out then
 * fail.
 */
public final class RedisCoordination implements AutoCloseable {
  /** The default command timeout: 1 second. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^@/]*@");
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)([?&](?:password|pass|pwd)=)[^&#]*");

  private final String maskedUrl;
  private final Duration commandTimeout;
  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private final Object lock = new Object();
  private final Map<String, String> digests = new ConcurrentHashMap<>();

  /** The commands sent and not answered yet: {@link #close()} lets them finish. */
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  private @Nullable CompletableFuture<StatefulRedisConnection<String, String>> connection;
  private boolean closed;

  private RedisCoordination(String url, Duration commandTimeout) {
    this.maskedUrl = mask(url);
    this.commandTimeout = commandTimeout;
    RedisURI parsed;
    try {
      parsed = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL: " + maskedUrl);
    }
    parsed.setTimeout(commandTimeout);
    this.uri = parsed;
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(Delay.constant(Duration.ofMillis(100)))
            .build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
            .build());
  }

  /**
   * Coordination through the Redis at {@code url} ({@code redis://[:password@]host[:port][/db]},
   * {@code rediss://} for TLS), with the {@linkplain #DEFAULT_COMMAND_TIMEOUT default command
   * timeout}. Does not connect yet.
   *
   * @throws IllegalArgumentException if {@code url} is not a Redis URL (quoted masked)
   */
  public static RedisCoordination create(String url) {
    return create(url, DEFAULT_COMMAND_TIMEOUT);
  }

  /**
   * As {@link #create(String)}, with how long a command (or a connection) may take before it fails.
   *
   * @param commandTimeout 1 ms to 1 minute
   * @throws IllegalArgumentException if {@code url} is not a Redis URL, or the timeout is out of
   *     range
   */
  public static RedisCoordination create(String url, Duration commandTimeout) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (commandTimeout.compareTo(Duration.ofMillis(1)) < 0
        || commandTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "commandTimeout must be 1 ms to 1 minute, was " + commandTimeout);
    }
    return new RedisCoordination(url, commandTimeout);
  }

  /**
   * {@code url} with any password masked as {@code ****}: the user info of {@code
   * redis://user:secret@host} and a {@code password=} query parameter.
   */
  public static String mask(String url) {
    String masked = USER_INFO.matcher(url).replaceFirst("****@");
    return PASSWORD_PARAM.matcher(masked).replaceAll("$1****");
  }

  /**
   * The fleet-wide budget for {@code limit}: a log in a sorted set per key of the permits that
   * count (in flight, or released less than a window ago, by Redis's clock): no window at the
   * server sees more than N requests arrive.
   */
  public RateBudget rateBudget(RateLimit limit) {
    return new RedisRateBudget(this, Objects.requireNonNull(limit, "limit"));
  }

  /** The fleet-wide idempotency store. */
  public IdempotencyStore idempotencyStore() {
    return new RedisIdempotencyStore(this);
  }

  /** The command timeout: how long a command (or a connection) may take before it fails. */
  Duration commandTimeout() {
    return commandTimeout;
  }

  String maskedUrl() {
    return maskedUrl;
  }

  /** Runs one Lua script; a failed stage is a {@link RedisUnavailableException}. */
  <T> CompletionStage<T> eval(String script, ScriptOutputType type, String key, String... args) {
    return eval(script, type, new String[] {key}, args);
  }

  /**
   * Runs one Lua script by its SHA-1 ({@code EVALSHA}: the script's text crosses the wire once per
   * server, not on every call); when the server does not know it yet (first use, or a restart),
   * once more as {@code EVAL}, which also caches it there. Lettuce's {@code eval} always sends the
   * text, so the digest is kept here. A failed stage is a {@link RedisUnavailableException}.
   */
  <T> CompletionStage<T> eval(String script, ScriptOutputType type, String[] keys, String... args) {
    String sha = digests.computeIfAbsent(script, RedisCoordination::sha1);
    CompletableFuture<T> result = new CompletableFuture<>();
    inFlight.add(result);
    result.whenComplete((value, failure) -> inFlight.remove(result));
    connection()
        .thenCompose(
            c ->
                c.async()
                    .<T>evalsha(sha, type, keys, args)
                    .toCompletableFuture()
                    .exceptionallyCompose(
                        failure ->
                            unwrapped(failure) instanceof RedisNoScriptException
                                ? c.async().<T>eval(script, type, keys, args).toCompletableFuture()
                                : CompletableFuture.failedFuture(failure)))
        .whenComplete(
            (value, failure) -> {
              if (failure != null) {
                result.completeExceptionally(new RedisUnavailableException(maskedUrl, failure));
              } else {
                result.complete(value);
              }
            });
    return result;
  }

  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("closed"));
      }
      CompletableFuture<StatefulRedisConnection<String, String>> current = connection;
      if (current == null || current.isCompletedExceptionally()) {
        // Down at start, or the first connection failed: try again on this command.
        current = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        connection = current;
      }
      return current;
    }
  }

  /**
   * Closes the connection and Lettuce's threads, once the commands already sent have been answered
   * (at most the command timeout): the permit releases and claim settles that Handoff sends as an
   * operation completes, without waiting for them, are not cut off by an application that closes as
   * soon as it has its answer. Idempotent; do not call it on a Lettuce thread.
   */
  @Override
  public void close() {
    CompletableFuture<StatefulRedisConnection<String, String>> current;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = connection;
    }
    CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(pending)
          .get(commandTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // failed or too slow: they fail as Redis being down would, then the connection closes
    }
    if (current != null) {
      current.thenAccept(StatefulRedisConnection::close);
    }
    client.shutdown();
    resources.shutdown();
  }

  /** The URL, its password masked. */
  @Override
  public String toString() {
    return "RedisCoordination[" + maskedUrl + "]";
  }
}
