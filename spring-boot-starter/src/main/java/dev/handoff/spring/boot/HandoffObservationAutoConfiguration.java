package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;
import dev.handoff.micrometer.HandoffMeterObservationHandler;
import dev.handoff.micrometer.HandoffObservation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationRegistry;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Registers {@link HandoffObservation} ({@code handoff.operation} and {@code handoff.attempt}, see
 * docs/observability.md) into the application's {@link ObservationRegistry}, when
 * handoff-micrometer is on the class path and the application has a registry (Spring Boot's
 * actuator makes one). The observations become the {@code handoff.operation} timer of {@code
 * /actuator/metrics} and, with Micrometer Tracing, spans.
 *
 * <p>With a {@link MeterRegistry} (and micrometer-core), it also defines a {@link
 * HandoffMeterObservationHandler} bean, ordered first: Spring Boot gives each observation to the
 * first of its meter handlers that supports it, so Handoff's observations become their meters
 * through it (the meters Boot's {@code DefaultMeterObservationHandler} would make, more cheaply)
 * and every other observation still through Boot's. Unlike Boot's, it leaves out the long-task
 * timers unless {@code handoff.metrics.long-task-timers=true} (under concurrency they cost more
 * than the rest of Handoff's observations together), and always what {@code
 * management.metrics.observations.ignored-meters} names. An application's own {@code
 * HandoffMeterObservationHandler} bean replaces it.
 */
@AutoConfiguration(
    before = HandoffAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
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

  /** Handoff's meter handler, when the application has a meter registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, HandoffMeterObservationHandler.class})
  @ConditionalOnBean(MeterRegistry.class)
  static final class Meters {
    /**
     * First of the meter handlers (Boot groups them in this order), so that it, not Boot's default
     * handler, makes the meters of Handoff's observations; never both, which would count each
     * twice. Without long-task timers unless {@code handoff.metrics.long-task-timers=true}.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnMissingBean
    HandoffMeterObservationHandler handoffMeterObservationHandler(
        MeterRegistry meters, Environment environment, HandoffProperties properties) {
      Set<IgnoredMeters> ignored = EnumSet.noneOf(IgnoredMeters.class);
      Binder.get(environment)
          .bind("management.metrics.observations.ignored-meters", IgnoredMeters[].class)
          .ifBound(bound -> ignored.addAll(Arrays.asList(bound)));
      if (!properties.getMetrics().isLongTaskTimers()) {
        ignored.add(IgnoredMeters.LONG_TASK_TIMER);
      }
      return HandoffMeterObservationHandler.create(meters, ignored.toArray(IgnoredMeters[]::new));
    }
  }
}
