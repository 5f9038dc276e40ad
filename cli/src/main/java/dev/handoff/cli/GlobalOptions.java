package dev.handoff.cli;

import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.model.Credentials;
import dev.handoff.redis.RedisCoordination;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/** Options every command accepts, before or after the command's name. */
final class GlobalOptions {
  @Option(
      names = "--transport",
      paramLabel = "retrofit|vertx|jdk",
      description = "The transport to send through: retrofit, vertx or jdk (default: retrofit).",
      converter = TransportConverter.class,
      scope = ScopeType.INHERIT)
  Transport transport = Transport.RETROFIT;

  @Option(
      names = "--phlo-url",
      paramLabel = "URL",
      description = "PHLO runner base URL (default: https://phlorunner.plivo.com).",
      scope = ScopeType.INHERIT)
  @Nullable String phloUrl;

  @Option(
      names = "--voice-url",
      paramLabel = "URL",
      description = "Voice API base URL (default: https://api.plivo.com).",
      scope = ScopeType.INHERIT)
  @Nullable String voiceUrl;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Deadline of the whole operation, retries included, e.g. 10s, 500ms, 1m (default: 15s).",
      converter = DurationConverter.class,
      scope = ScopeType.INHERIT)
  @Nullable Duration timeout;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      description =
          "How long one connection (TCP and TLS handshake) may take (default: 5s, or a quarter of"
              + " --timeout when that is shorter, so that every attempt fits the deadline).",
      converter = DurationConverter.class,
      scope = ScopeType.INHERIT)
  @Nullable Duration connectTimeout;

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      description =
          "HTTP proxy to send through, http://[user[:password]@]host:port; the password may come"
              + " from the environment variable "
              + PROXY_PASSWORD_VARIABLE
              + " instead, and is never shown.",
      scope = ScopeType.INHERIT)
  @Nullable String proxy;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "PEM file of the CA certificates to trust instead of the JVM's (a private CA, say).",
      scope = ScopeType.INHERIT)
  @Nullable Path caFile;

  /** Where {@code --proxy}'s password comes from when its URL has none. */
  static final String PROXY_PASSWORD_VARIABLE = "HANDOFF_PROXY_PASSWORD";

  @Option(
      names = "--rate-limit",
      paramLabel = "N/DURATION",
      description =
          "Account rate budget: at most N requests in any DURATION, e.g. 300/5s, 4/3s, 10/500ms"
              + " (default: 300/5s, Plivo's, when --redis-url is given; without --redis-url the"
              + " budget is this process's only).",
      converter = RateLimitConverter.class,
      scope = ScopeType.INHERIT)
  @Nullable RateLimit rateLimit;

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description =
          "Redis shared by every instance, e.g. redis://:password@host:6379: the rate budget and"
              + " the idempotency keys are kept there (the password is never printed).",
      scope = ScopeType.INHERIT)
  @Nullable String redisUrl;

  /**
   * The configuration for a command that talks to Plivo: credentials from {@code PLIVO_AUTH_ID} /
   * {@code PLIVO_AUTH_TOKEN} in {@code environment}, never from the command line; the proxy and the
   * trusted CAs from {@code --proxy} and {@code --ca-file}.
   */
  HandoffConfig config(Map<String, String> environment) {
    return builder(environment).build();
  }

  /** As {@link #config}, a builder still open to the coordination ({@link #coordination}). */
  HandoffConfig.Builder builder(Map<String, String> environment) {
    HandoffConfig.Builder builder = HandoffConfig.builder(Credentials.fromEnvironment(environment));
    if (phloUrl != null) {
      builder.phloBaseUrl(phloUrl);
    }
    if (voiceUrl != null) {
      builder.voiceBaseUrl(voiceUrl);
    }
    if (timeout != null) {
      builder.timeout(timeout);
    }
    Duration connect = connectTimeout(timeout, connectTimeout);
    if (connect != null) {
      builder.connectTimeout(connect);
    }
    if (proxy != null) {
      builder.proxy(proxy(proxy, environment.get(PROXY_PASSWORD_VARIABLE)));
    }
    if (caFile != null) {
      builder.trustedCertificates(trustedCertificates(caFile));
    }
    return builder;
  }

  /**
   * The coordination the options ask for: none without {@code --rate-limit} and {@code
   * --redis-url}; with {@code --redis-url}, the budget ({@code --rate-limit}, default {@link
   * RateLimit#PLIVO}) and the idempotency store are Redis's; without it, in this process's memory
   * (the store only when {@code idempotencyKey} is given, as only then does it do anything).
   *
   * @throws IllegalArgumentException if {@code --redis-url} is not a Redis URL (its message masks
   *     the password)
   */
  Coordination coordination(boolean idempotencyKey) {
    if (redisUrl != null) {
      RedisCoordination redis = RedisCoordination.create(redisUrl);
      return new Coordination(
          redis,
          redis.rateBudget(rateLimit == null ? RateLimit.PLIVO : rateLimit),
          redis.idempotencyStore());
    }
    return new Coordination(
        null,
        rateLimit == null ? null : RateBudget.inMemory(rateLimit),
        idempotencyKey ? IdempotencyStore.inMemory() : null);
  }

  /**
   * The proxy of {@code --proxy http://[user[:password]@]host:port}. A rejected value is quoted
   * with its user info masked; the password is never repeated.
   *
   * @param environmentPassword {@value #PROXY_PASSWORD_VARIABLE}, used when the URL has a user but
   *     no password
   */
  static HttpProxy proxy(String url, @Nullable String environmentPassword) {
    String rule = "--proxy must be http://[user[:password]@]host:port, was " + quoteMasked(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(rule, null);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() == -1
        || (uri.getRawPath() != null
            && !uri.getRawPath().isEmpty()
            && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(rule);
    }
    HttpProxy parsed;
    try {
      parsed = HttpProxy.of(uri.getHost(), uri.getPort());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(rule, null);
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null) {
      return parsed;
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? environmentPassword : decode(userInfo.substring(colon + 1));
    if (password == null) {
      throw new IllegalArgumentException(
          "--proxy names user "
              + "'"
              + user
              + "'"
              + " without a password: put it in the URL or in "
              + PROXY_PASSWORD_VARIABLE);
    }
    return parsed.withCredentials(user, password);
  }

  /** {@code url} in quotes with whatever may be user info (before the last {@code @}) masked. */
  private static String quoteMasked(String url) {
    int start = url.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int at = url.lastIndexOf('@');
    String masked = at < start ? url : url.substring(0, start) + "****" + url.substring(at);
    return "'" + masked.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The X.509 certificates of the PEM file {@code path} as a key store of trusted entries. */
  static KeyStore trustedCertificates(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IllegalArgumentException(
            "--ca-file must hold PEM certificates, " + path + " holds none");
      }
      return store;
    } catch (IOException e) {
      throw new IllegalArgumentException("--ca-file cannot be read: " + path, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--ca-file must hold PEM certificates, " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The connect timeout: {@code --connect-timeout} when given; else, with a {@code --timeout}
   * shorter than four times the default connect timeout, a quarter of it, so that a server that
   * never answers the TLS handshake still leaves room for the retries (three attempts, each {@code
   * NOT_SENT}) inside the deadline; else null, for the library's default.
   */
  static @Nullable Duration connectTimeout(
      @Nullable Duration timeout, @Nullable Duration connectTimeout) {
    if (connectTimeout != null) {
      return connectTimeout;
    }
    if (timeout != null
        && timeout.compareTo(HandoffConfig.DEFAULT_CONNECT_TIMEOUT.multipliedBy(4)) < 0) {
      return timeout.dividedBy(4);
    }
    return null;
  }

  /** Parses {@code N/DURATION} as {@link RateLimit#parse} does. */
  static final class RateLimitConverter implements ITypeConverter<RateLimit> {
    @Override
    public RateLimit convert(String value) {
      try {
        return RateLimit.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(String.valueOf(e.getMessage()));
      }
    }
  }

  /** Parses {@code retrofit}, {@code vertx} or {@code jdk}, ignoring case. */
  static final class TransportConverter implements ITypeConverter<Transport> {
    @Override
    public Transport convert(String value) {
      try {
        return Transport.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("must be retrofit, vertx or jdk, was '" + value + "'");
      }
    }
  }

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 2m}, or an ISO-8601 duration such as {@code PT10S}.
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|s|m)");

    @Override
    public Duration convert(String value) {
      Matcher matcher = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
          case "ms":
            return Duration.ofMillis(amount);
          case "s":
            return Duration.ofSeconds(amount);
          default:
            return Duration.ofMinutes(amount);
        }
      }
      try {
        return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "must be a duration such as 500ms, 10s or 1m, was '" + value + "'");
      }
    }
  }
}
