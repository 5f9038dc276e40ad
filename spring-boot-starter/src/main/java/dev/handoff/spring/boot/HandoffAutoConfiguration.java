package dev.handoff.spring.boot;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Handoff: a {@link HandoffConfig} bean from the {@code handoff.*} properties
 * and a {@link Handoff} bean over the transport on the class path ({@link
 * Handoff#create(HandoffConfig)}), closed when the context closes. Each backs off when the
 * application defines its own bean of that type (an application's own {@code HandoffConfig} still
 * gets the starter's {@code Handoff}); {@code handoff.enabled=false} turns both off.
 *
 * <p>A {@link Credentials} bean, when the application (or {@link
 * dev.handoff.spring.boot.test.AutoConfigureHandoffFake}) defines one, replaces {@code
 * handoff.auth-id}/{@code handoff.auth-token}: for credentials from a vault, say. Observations, the
 * callback verifier and health are wired by {@link HandoffObservationAutoConfiguration}, {@link
 * HandoffCallbacksAutoConfiguration} and {@link HandoffHealthAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnClass(Handoff.class)
@ConditionalOnProperty(prefix = "handoff", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(HandoffProperties.class)
public final class HandoffAutoConfiguration {

  /** Spring creates it. */
  public HandoffAutoConfiguration() {}

  /**
   * The configuration from the properties, then the {@link HandoffConfigCustomizer}s in their
   * order.
   *
   * @throws
   *     org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
   *     naming the property whose value is missing or wrong
   */
  @Bean
  @ConditionalOnMissingBean({HandoffConfig.class, Handoff.class})
  HandoffConfig handoffConfig(
      HandoffProperties properties,
      Environment environment,
      ObjectProvider<Credentials> credentials,
      ObjectProvider<HandoffConfigCustomizer> customizers) {
    Credentials resolved =
        credentials.getIfAvailable(() -> Settings.credentials(properties, environment));
    String transport = Settings.transport(properties, classLoader());
    HandoffConfig.Builder builder = Settings.builder(properties, resolved, transport);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /**
   * The Handoff, over the transport {@code handoff.transport} names or the only one on the class
   * path; Spring calls {@link Handoff#close()} on shutdown.
   *
   * @throws IllegalStateException if no transport, or several and none chosen, is on the class path
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Handoff handoff(HandoffConfig config) {
    return Handoff.create(config);
  }

  static ClassLoader classLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : HandoffAutoConfiguration.class.getClassLoader();
  }
}
