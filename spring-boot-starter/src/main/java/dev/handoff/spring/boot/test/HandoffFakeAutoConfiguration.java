package dev.handoff.spring.boot.test;

import dev.handoff.model.Credentials;
import dev.handoff.spring.boot.HandoffAutoConfiguration;
import dev.handoff.spring.boot.HandoffConfigCustomizer;
import dev.handoff.spring.boot.HandoffProperties;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakePlivoServer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * What {@link AutoConfigureHandoffFake} imports: a {@link FakePlivoServer} bean, its {@link
 * CallModel}, the {@link Credentials} it checks, and a {@link HandoffConfigCustomizer} that points
 * both base URLs at it. Not in the application's auto-configurations: only a test imports it.
 */
@AutoConfiguration(before = HandoffAutoConfiguration.class)
@ConditionalOnClass(FakePlivoServer.class)
@EnableConfigurationProperties(HandoffProperties.class)
public final class HandoffFakeAutoConfiguration {

  /** The credentials of a test that configures none: not an account's. */
  public static final Credentials TEST_CREDENTIALS =
      new Credentials("MA0000000000000000TE", "handoff-fake-token");

  /** Spring creates it. */
  public HandoffFakeAutoConfiguration() {}

  /** The configured credentials, or {@link #TEST_CREDENTIALS} when there are none. */
  @Bean
  @ConditionalOnMissingBean
  Credentials handoffFakeCredentials(HandoffProperties properties, Environment environment) {
    String authId = first(properties.getAuthId(), environment.getProperty("PLIVO_AUTH_ID"));
    String authToken =
        first(properties.getAuthToken(), environment.getProperty("PLIVO_AUTH_TOKEN"));
    return authId == null || authToken == null
        ? TEST_CREDENTIALS
        : new Credentials(authId, authToken);
  }

  /** Listens on 127.0.0.1, on a port the system chooses; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  FakePlivoServer handoffFakePlivoServer(Credentials credentials) {
    return FakePlivoServer.start(credentials);
  }

  /** The fake's model: seed nodes and calls, see who hears whom. */
  @Bean
  @ConditionalOnMissingBean
  CallModel handoffFakeCallModel(FakePlivoServer server) {
    return server.model();
  }

  /** Runs last, so that no customizer points Handoff elsewhere. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  HandoffConfigCustomizer handoffFakeBaseUrls(FakePlivoServer server) {
    return builder -> builder.phloBaseUrl(server.baseUrl()).voiceBaseUrl(server.baseUrl());
  }

  private static @Nullable String first(@Nullable String value, @Nullable String fallback) {
    if (value != null && !value.isBlank()) {
      return value.strip();
    }
    return fallback == null || fallback.isBlank() ? null : fallback.strip();
  }
}
