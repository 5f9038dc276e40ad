package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.RetryPolicy;
import dev.handoff.model.Credentials;
import dev.handoff.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Turns {@link HandoffProperties} into core's values, and core's {@link IllegalArgumentException}s
 * (which name a Java field: {@code phloBaseUrl}) into Boot's {@link
 * InvalidConfigurationPropertyValueException} (which names the property: {@code
 * handoff.phlo-base-url}), so that Boot's failure analyzer reports the property to fix.
 */
final class Settings {
  static final String AUTH_ID = "handoff.auth-id";
  static final String AUTH_TOKEN = "handoff.auth-token";

  /** Core's field names, as its messages start, and the properties they come from. */
  private static final Map<String, String> PROPERTIES =
      Map.ofEntries(
          Map.entry("phloBaseUrl", "handoff.phlo-base-url"),
          Map.entry("voiceBaseUrl", "handoff.voice-base-url"),
          Map.entry("connectTimeout", "handoff.connect-timeout"),
          Map.entry("timeout", "handoff.timeout"),
          Map.entry("transport", "handoff.transport"),
          Map.entry("maxAttempts", "handoff.retry.max-attempts"),
          Map.entry("baseDelay", "handoff.retry.base-delay"),
          Map.entry("maxDelay", "handoff.retry.max-delay"),
          Map.entry("maxRetryAfter", "handoff.retry.max-retry-after"),
          Map.entry("retention", "handoff.idempotency.retention"),
          Map.entry("rateLimit", "handoff.rate-limit"));

  private Settings() {}

  /**
   * The credentials of {@code handoff.auth-id}/{@code handoff.auth-token}, each falling back to
   * {@code PLIVO_AUTH_ID}/{@code PLIVO_AUTH_TOKEN} (the environment, through Spring's {@link
   * Environment}).
   *
   * @throws InvalidConfigurationPropertyValueException naming the property that is missing or
   *     malformed; its value is never quoted
   */
  static Credentials credentials(HandoffProperties properties, Environment environment) {
    String authId = orElse(properties.getAuthId(), environment, Credentials.AUTH_ID_VARIABLE);
    String authToken =
        orElse(properties.getAuthToken(), environment, Credentials.AUTH_TOKEN_VARIABLE);
    if (authId == null) {
      throw new InvalidConfigurationPropertyValueException(
          AUTH_ID, null, "set handoff.auth-id or the PLIVO_AUTH_ID environment variable");
    }
    if (authToken == null) {
      throw new InvalidConfigurationPropertyValueException(
          AUTH_TOKEN, null, "set handoff.auth-token or the PLIVO_AUTH_TOKEN environment variable");
    }
    try {
      return new Credentials(authId, authToken);
    } catch (IllegalArgumentException e) {
      // Credentials' messages start with the field and never quote the value: neither do we.
      boolean id = String.valueOf(e.getMessage()).startsWith("authId");
      throw new InvalidConfigurationPropertyValueException(
          id ? AUTH_ID : AUTH_TOKEN, id ? Masking.authId(authId) : "****", e.getMessage());
    }
  }

  /**
   * A builder holding every property but the credentials' (given) and the transport (chosen by
   * {@link #transport}).
   *
   * @throws InvalidConfigurationPropertyValueException naming the property whose value breaks its
   *     rule
   */
  static HandoffConfig.Builder builder(
      HandoffProperties properties, Credentials credentials, @Nullable String transport) {
    HandoffProperties.Retry retry = properties.getRetry();
    HandoffConfig.Builder builder =
        HandoffConfig.builder(credentials)
            .phloBaseUrl(properties.getPhloBaseUrl())
            .voiceBaseUrl(properties.getVoiceBaseUrl())
            .timeout(properties.getTimeout())
            .connectTimeout(properties.getConnectTimeout())
            .transport(transport);
    checked(
        properties,
        () ->
            builder.retryPolicy(
                new RetryPolicy(
                    retry.getMaxAttempts(),
                    retry.getBaseDelay(),
                    retry.getMaxDelay(),
                    retry.getMaxRetryAfter())));
    HttpProxy proxy = proxy(properties);
    if (proxy != null) {
      builder.proxy(proxy);
    }
    Path caFile = properties.getTrust().getCaFile();
    if (caFile != null) {
      builder.trustedCertificates(trustStore(caFile));
    }
    String rateLimit = properties.getRateLimit();
    if (rateLimit != null && !rateLimit.isBlank()) {
      // Per instance; HandoffRedisAutoConfiguration replaces it with the fleet's when Redis is set.
      builder.rateBudget(RateBudget.inMemory(rateLimit(properties)));
    }
    // Built once here only to check: the bean's build, after the customizers, checks again.
    checked(properties, builder::build);
    return builder;
  }

  /**
   * The proxy of {@code handoff.proxy.*}, or null when {@code handoff.proxy.host} is unset.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property that is wrong; the
   *     password is never quoted
   */
  static @Nullable HttpProxy proxy(HandoffProperties properties) {
    HandoffProperties.Proxy settings = properties.getProxy();
    String host = settings.getHost();
    if (host == null || host.isBlank()) {
      return null;
    }
    HttpProxy proxy;
    try {
      proxy = HttpProxy.of(host.strip(), settings.getPort());
    } catch (IllegalArgumentException e) {
      boolean port = String.valueOf(e.getMessage()).startsWith("proxy.port");
      throw new InvalidConfigurationPropertyValueException(
          port ? "handoff.proxy.port" : "handoff.proxy.host",
          port ? settings.getPort() : host,
          e.getMessage());
    }
    String user = settings.getUsername();
    if (user != null && !user.isBlank()) {
      String password = settings.getPassword() == null ? "" : settings.getPassword();
      try {
        proxy = proxy.withCredentials(user, password);
      } catch (IllegalArgumentException e) {
        // HttpProxy's messages never quote the password: neither does this one.
        boolean ofPassword = String.valueOf(e.getMessage()).startsWith("proxy.password");
        throw new InvalidConfigurationPropertyValueException(
            ofPassword ? "handoff.proxy.password" : "handoff.proxy.username",
            ofPassword ? "****" : user,
            e.getMessage());
      }
    }
    if (!settings.getNonProxyHosts().isEmpty()) {
      try {
        proxy = proxy.bypassing(settings.getNonProxyHosts().toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            "handoff.proxy.non-proxy-hosts", settings.getNonProxyHosts(), e.getMessage());
      }
    }
    return proxy;
  }

  /**
   * A key store of the CA certificates in {@code caFile} (PEM or DER, read by the JDK's X.509
   * {@link CertificateFactory}).
   *
   * @throws InvalidConfigurationPropertyValueException naming {@code handoff.trust.ca-file} when it
   *     cannot be read or holds no certificate
   */
  static KeyStore trustStore(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(
            "handoff.trust.ca-file", caFile, "the file holds no X.509 certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidConfigurationPropertyValueException(
          "handoff.trust.ca-file",
          caFile,
          "cannot be read as X.509 certificates (PEM or DER): " + e);
    }
  }

  /**
   * {@code handoff.rate-limit}, parsed.
   *
   * @throws InvalidConfigurationPropertyValueException if it is not {@code permits/window}
   */
  static RateLimit rateLimit(HandoffProperties properties) {
    String text = String.valueOf(properties.getRateLimit()).strip();
    try {
      return RateLimit.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "handoff.rate-limit", text, e.getMessage());
    }
  }

  /**
   * The transport's name: {@code handoff.transport} if set, else the one transport {@link
   * ServiceLoader} finds, as {@code Handoff.create(HandoffConfig)} would choose it; null when none
   * or several are there (then {@code Handoff.create} fails, naming those it found).
   */
  static @Nullable String transport(HandoffProperties properties, ClassLoader loader) {
    String configured = properties.getTransport();
    if (configured != null && !configured.isBlank()) {
      return configured.strip();
    }
    List<String> names = new ArrayList<>();
    for (TransportProvider provider : ServiceLoader.load(TransportProvider.class, loader)) {
      names.add(provider.name());
    }
    return names.size() == 1 ? names.get(0) : null;
  }

  /**
   * Runs {@code step}, turning its {@link IllegalArgumentException} into one naming the property.
   */
  static void checked(HandoffProperties properties, Runnable step) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int end = message.indexOf(' ');
      String field = end < 0 ? message : message.substring(0, end);
      String property = PROPERTIES.get(field);
      if (property == null) {
        throw e;
      }
      throw new InvalidConfigurationPropertyValueException(
          property, value(properties, property), message);
    }
  }

  private static @Nullable Object value(HandoffProperties properties, String property) {
    HandoffProperties.Retry retry = properties.getRetry();
    return switch (property) {
      case "handoff.phlo-base-url" -> withoutUserInfo(properties.getPhloBaseUrl());
      case "handoff.voice-base-url" -> withoutUserInfo(properties.getVoiceBaseUrl());
      case "handoff.connect-timeout" -> properties.getConnectTimeout();
      case "handoff.timeout" -> properties.getTimeout();
      case "handoff.transport" -> properties.getTransport();
      case "handoff.retry.max-attempts" -> retry.getMaxAttempts();
      case "handoff.retry.base-delay" -> retry.getBaseDelay();
      case "handoff.retry.max-delay" -> retry.getMaxDelay();
      case "handoff.retry.max-retry-after" -> retry.getMaxRetryAfter();
      case "handoff.idempotency.retention" -> properties.getIdempotency().getRetention();
      default -> null;
    };
  }

  /** A URL's user info may hold a password: shown as {@code ****}, as core's messages show it. */
  private static @Nullable String withoutUserInfo(@Nullable URI url) {
    if (url == null) {
      return null;
    }
    String userInfo = url.getRawUserInfo();
    String text = url.toString();
    return userInfo == null ? text : text.replace(userInfo + "@", "****@");
  }

  private static @Nullable String orElse(
      @Nullable String value, Environment environment, String variable) {
    if (value != null && !value.isBlank()) {
      return value.strip();
    }
    String fallback = environment.getProperty(variable);
    return fallback == null || fallback.isBlank() ? null : fallback.strip();
  }
}
