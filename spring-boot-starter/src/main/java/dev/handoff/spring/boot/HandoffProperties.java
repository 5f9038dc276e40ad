package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code handoff.*} properties, bound by Spring Boot's relaxed binding ({@code
 * handoff.auth-id}, {@code HANDOFF_AUTH_ID}, ...). Every property is optional but the credentials;
 * the defaults are {@link HandoffConfig}'s and {@link RetryPolicy#defaults()}'s. The values are
 * checked when the {@code Handoff} bean is created, and a wrong one fails start-up with a message
 * naming the property. {@link #toString()} never shows the Auth Token.
 */
@ConfigurationProperties("handoff")
public class HandoffProperties {
  // The defaults are written as literals so that the configuration processor puts them in the
  // metadata; HandoffPropertiesTest checks that they are core's.

  /** Whether to create the Handoff bean at all. */
  private boolean enabled = true;

  /**
   * The account's Auth ID: MA or SA and 18 upper-case letters or digits. When unset, the
   * PLIVO_AUTH_ID environment variable (or property).
   */
  private @Nullable String authId;

  /**
   * The account's Auth Token. When unset, the PLIVO_AUTH_TOKEN environment variable (or property).
   */
  private @Nullable String authToken;

  /** The PHLO runner's base URL: https, or http on a loopback host only. */
  private URI phloBaseUrl = HandoffConfig.DEFAULT_PHLO_BASE_URL;

  /** The Voice API's base URL: https, or http on a loopback host only. */
  private URI voiceBaseUrl = HandoffConfig.DEFAULT_VOICE_BASE_URL;

  /** The deadline of a whole operation, every attempt and every wait between them included. */
  private Duration timeout = Duration.ofSeconds(15);

  /** How long one connection attempt may take. */
  private Duration connectTimeout = Duration.ofSeconds(5);

  /**
   * The transport to use when several are on the class path: retrofit, vertx or jdk. Unset: the
   * only one there.
   */
  private @Nullable String transport;

  /**
   * The rate budget: at most this many requests in any window, written permits/window, for example
   * 300/5s (Plivo's limit). Shared by the fleet through Redis when handoff.redis.url is set, else
   * per instance. Unset: no budget.
   */
  private @Nullable String rateLimit;

  private final Retry retry = new Retry();

  private final Idempotency idempotency = new Idempotency();

  private final Redis redis = new Redis();

  private final Proxy proxy = new Proxy();

  private final Trust trust = new Trust();

  private final Callbacks callbacks = new Callbacks();

  private final Metrics metrics = new Metrics();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable String getAuthId() {
    return authId;
  }

  public void setAuthId(@Nullable String authId) {
    this.authId = authId;
  }

  public @Nullable String getAuthToken() {
    return authToken;
  }

  public void setAuthToken(@Nullable String authToken) {
    this.authToken = authToken;
  }

  public URI getPhloBaseUrl() {
    return phloBaseUrl;
  }

  public void setPhloBaseUrl(URI phloBaseUrl) {
    this.phloBaseUrl = phloBaseUrl;
  }

  public URI getVoiceBaseUrl() {
    return voiceBaseUrl;
  }

  public void setVoiceBaseUrl(URI voiceBaseUrl) {
    this.voiceBaseUrl = voiceBaseUrl;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public @Nullable String getTransport() {
    return transport;
  }

  public void setTransport(@Nullable String transport) {
    this.transport = transport;
  }

  public @Nullable String getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(@Nullable String rateLimit) {
    this.rateLimit = rateLimit;
  }

  /** {@code handoff.idempotency.*}. */
  public Idempotency getIdempotency() {
    return idempotency;
  }

  /** {@code handoff.redis.*}. */
  public Redis getRedis() {
    return redis;
  }

  /** {@code handoff.proxy.*}. */
  public Proxy getProxy() {
    return proxy;
  }

  /** {@code handoff.trust.*}. */
  public Trust getTrust() {
    return trust;
  }

  /** {@code handoff.retry.*}. */
  public Retry getRetry() {
    return retry;
  }

  /** {@code handoff.callbacks.*}. */
  public Callbacks getCallbacks() {
    return callbacks;
  }

  /** {@code handoff.metrics.*}. */
  public Metrics getMetrics() {
    return metrics;
  }

  /** The Auth ID's first four characters only; never the Auth Token. */
  @Override
  public String toString() {
    return "HandoffProperties[authId="
        + Masking.authId(authId)
        + ", authToken="
        + (authToken == null || authToken.isEmpty() ? "unset" : "****")
        + ", phloBaseUrl="
        + phloBaseUrl
        + ", voiceBaseUrl="
        + voiceBaseUrl
        + ", timeout="
        + timeout
        + ", connectTimeout="
        + connectTimeout
        + ", transport="
        + transport
        + ", rateLimit="
        + rateLimit
        + ", retry="
        + retry
        + ", idempotency="
        + idempotency
        + ", redis="
        + redis
        + ", proxy="
        + proxy
        + ", trust="
        + trust
        + ", callbacks="
        + callbacks
        + ", metrics="
        + metrics
        + "]";
  }

  /** {@code handoff.metrics.*}: the meters of Handoff's observations. */
  public static class Metrics {
    /**
     * Whether Handoff's observations also become long-task timers (handoff.operation.active,
     * handoff.attempt.active: the operations and attempts in progress), as Spring Boot makes of
     * every other observation. Off by default: with many operations at once they cost more CPU than
     * the rest of Handoff's observations and meters together. Boot's
     * management.metrics.observations.ignored-meters=long-task-timer leaves them out even when this
     * is true.
     */
    private boolean longTaskTimers = false;

    public boolean isLongTaskTimers() {
      return longTaskTimers;
    }

    public void setLongTaskTimers(boolean longTaskTimers) {
      this.longTaskTimers = longTaskTimers;
    }

    @Override
    public String toString() {
      return "Metrics[longTaskTimers=" + longTaskTimers + "]";
    }
  }

  /** {@code handoff.retry.*}: the {@link RetryPolicy}. */
  public static class Retry {
    /** Attempts in all, 1-10; 1 turns retries off. */
    private int maxAttempts = 3;

    /** The backoff before the second attempt, at most. */
    private Duration baseDelay = Duration.ofMillis(100);

    /** The cap of the backoff, at least base-delay. */
    private Duration maxDelay = Duration.ofSeconds(2);

    /** The longest Retry-After Handoff waits for; a longer one ends the operation. */
    private Duration maxRetryAfter = Duration.ofSeconds(5);

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getBaseDelay() {
      return baseDelay;
    }

    public void setBaseDelay(Duration baseDelay) {
      this.baseDelay = baseDelay;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    @Override
    public String toString() {
      return "Retry[maxAttempts="
          + maxAttempts
          + ", baseDelay="
          + baseDelay
          + ", maxDelay="
          + maxDelay
          + ", maxRetryAfter="
          + maxRetryAfter
          + "]";
    }
  }

  /** {@code handoff.callbacks.*}: the callback {@code SignatureVerifier} (handoff-callbacks). */
  public static class Callbacks {
    /**
     * The application's public base URL as Plivo requests it (scheme, host and port, and a path
     * prefix if a proxy adds one). Set, with handoff-callbacks on the class path, it makes a
     * SignatureVerifier bean.
     */
    private @Nullable String publicBaseUrl;

    /**
     * How long the fleet's Redis remembers a callback's nonce, to refuse its replay (with
     * handoff.redis.url): at least Plivo's callback retry span; 1 second to 1 day.
     */
    private Duration nonceRetention = Duration.ofMinutes(10);

    public Duration getNonceRetention() {
      return nonceRetention;
    }

    public void setNonceRetention(Duration nonceRetention) {
      this.nonceRetention = nonceRetention;
    }

    public @Nullable String getPublicBaseUrl() {
      return publicBaseUrl;
    }

    public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public String toString() {
      return "Callbacks[publicBaseUrl="
          + publicBaseUrl
          + ", nonceRetention="
          + nonceRetention
          + "]";
    }
  }

  /** {@code handoff.idempotency.*}: the de-duplication of {@code Handoff.withIdempotencyKey}. */
  public static class Idempotency {
    /**
     * How long a key and its outcome are kept in the idempotency store (Redis's, when
     * handoff.redis.url is set): 1 second to 30 days.
     */
    private Duration retention = Duration.ofHours(24);

    public Duration getRetention() {
      return retention;
    }

    public void setRetention(Duration retention) {
      this.retention = retention;
    }

    @Override
    public String toString() {
      return "Idempotency[retention=" + retention + "]";
    }
  }

  /** {@code handoff.redis.*}: fleet coordination through handoff-redis. */
  public static class Redis {
    /**
     * The Redis that a fleet of instances shares, redis://[:password@]host[:port][/db] or rediss://
     * for TLS. Set, with handoff-redis on the class path, it holds the rate budget and the
     * idempotency store.
     */
    private @Nullable String url;

    /** How long a Redis command (or connection) may take before it counts as failed. */
    private Duration commandTimeout = Duration.ofSeconds(1);

    public @Nullable String getUrl() {
      return url;
    }

    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    /** The URL with its password masked. */
    @Override
    public String toString() {
      return "Redis[url=" + Masking.url(url) + ", commandTimeout=" + commandTimeout + "]";
    }
  }

  /** {@code handoff.proxy.*}: the HTTP proxy every transport sends through. */
  public static class Proxy {
    /** The proxy's host. Unset: connect directly. */
    private @Nullable String host;

    /** The proxy's port, 1-65535. */
    private int port = 3128;

    /** The user the proxy authenticates with Basic, when it answers 407. */
    private @Nullable String username;

    /** That user's password; never shown. */
    private @Nullable String password;

    /**
     * Hosts reached directly, not through the proxy: names, or *.suffix for a domain and its
     * sub-domains.
     */
    private List<String> nonProxyHosts = new ArrayList<>();

    public @Nullable String getHost() {
      return host;
    }

    public void setHost(@Nullable String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public @Nullable String getUsername() {
      return username;
    }

    public void setUsername(@Nullable String username) {
      this.username = username;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    public List<String> getNonProxyHosts() {
      return nonProxyHosts;
    }

    public void setNonProxyHosts(List<String> nonProxyHosts) {
      this.nonProxyHosts = nonProxyHosts;
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "Proxy[host="
          + host
          + ", port="
          + port
          + ", username="
          + username
          + ", password="
          + (password == null || password.isEmpty() ? "unset" : "****")
          + ", nonProxyHosts="
          + nonProxyHosts
          + "]";
    }
  }

  /** {@code handoff.trust.*}: the CA certificates the transports trust. */
  public static class Trust {
    /**
     * A file of X.509 CA certificates (PEM or DER, one or several) trusted instead of the JVM's
     * trust store: a private CA in front of the internet, say. Unset: the JVM's trust store.
     */
    private @Nullable Path caFile;

    public @Nullable Path getCaFile() {
      return caFile;
    }

    public void setCaFile(@Nullable Path caFile) {
      this.caFile = caFile;
    }

    @Override
    public String toString() {
      return "Trust[caFile=" + caFile + "]";
    }
  }
}
