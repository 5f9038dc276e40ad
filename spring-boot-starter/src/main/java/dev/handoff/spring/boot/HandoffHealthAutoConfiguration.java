package dev.handoff.spring.boot;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code handoff} health indicator (spring-boot-health, which the actuator brings): reports the
 * configuration and the transport, and sends no Plivo request. {@code
 * management.health.handoff.enabled=false} turns it off.
 */
@AutoConfiguration(after = {HandoffAutoConfiguration.class, HandoffRedisAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, Handoff.class})
@ConditionalOnBean({HandoffConfig.class, Handoff.class})
@ConditionalOnEnabledHealthIndicator("handoff")
public final class HandoffHealthAutoConfiguration {

  /** Spring creates it. */
  public HandoffHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "handoffHealthIndicator")
  HealthIndicator handoffHealthIndicator(HandoffConfig config, ObjectProvider<HealthProbe> probes) {
    return new HandoffHealthIndicator(config, probes.orderedStream().toList());
  }
}
