package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;
import dev.handoff.micrometer.HandoffObservation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Registers {@link HandoffObservation} ({@code handoff.operation} and {@code handoff.attempt}, see
 * docs/observability.md) into the application's {@link ObservationRegistry}, when
 * handoff-micrometer is on the class path and the application has a registry (Spring Boot's
 * actuator makes one). The observations become the {@code handoff.operation} timer of {@code
 * /actuator/metrics} and, with Micrometer Tracing, spans.
 */
@AutoConfiguration(
    before = HandoffAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({HandoffObservation.class, ObservationRegistry.class, HandoffConfig.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "handoff", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(HandoffProperties.class)
public final class HandoffObservationAutoConfiguration {

  /** Spring creates it. */
  public HandoffObservationAutoConfiguration() {}

  /**
   * First of the customizers, so that the observations include what the others' interceptors do.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  @ConditionalOnMissingBean(name = "handoffObservationCustomizer")
  HandoffConfigCustomizer handoffObservationCustomizer(
      ObservationRegistry registry, HandoffProperties properties) {
    String transport = Settings.transport(properties, HandoffAutoConfiguration.classLoader());
    HandoffObservation observation = HandoffObservation.create(registry);
    return builder -> observation.register(builder, transport == null ? "unknown" : transport);
  }
}
