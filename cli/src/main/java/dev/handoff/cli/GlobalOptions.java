package dev.handoff.cli;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
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

  /**
   * The configuration for a command that talks to Plivo: credentials from {@code PLIVO_AUTH_ID} /
   * {@code PLIVO_AUTH_TOKEN} in {@code environment}, never from the command line.
   */
  HandoffConfig config(Map<String, String> environment) {
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
    return builder.build();
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
