package dev.handoff.cli;

import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.model.Credentials;
import dev.handoff.redis.RedisCoordination;
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
   * {@code PLIVO_AUTH_TOKEN} in {@code environment}, never from the command line.
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
