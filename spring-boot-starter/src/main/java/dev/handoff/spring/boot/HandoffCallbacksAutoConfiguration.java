package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;
import dev.handoff.callbacks.NonceCache;
import dev.handoff.callbacks.SignatureVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * A {@link SignatureVerifier} bean that checks Plivo's V3 signatures of the callbacks with the
 * configured Auth Token, when handoff-callbacks is on the class path and {@code
 * handoff.callbacks.public-base-url} is set (the URL Plivo signs is that base plus the request's
 * path and query: see {@link SignatureVerifier.Builder#publicBaseUrl}). It refuses replays with the
 * {@link NonceCache} bean when there is one: the fleet's Redis with {@code handoff.redis.url} (see
 * {@link HandoffRedisAutoConfiguration}), or the application's. Backs off when the application
 * defines its own verifier.
 */
@AutoConfiguration(after = {HandoffAutoConfiguration.class, HandoffRedisAutoConfiguration.class})
@ConditionalOnClass({SignatureVerifier.class, HandoffConfig.class})
@ConditionalOnBean(HandoffConfig.class)
@ConditionalOnProperty(prefix = "handoff.callbacks", name = "public-base-url")
public final class HandoffCallbacksAutoConfiguration {

  /** Spring creates it. */
  public HandoffCallbacksAutoConfiguration() {}

  /**
   * The verifier of the configuration's credentials.
   *
   * @throws InvalidConfigurationPropertyValueException if {@code handoff.callbacks.public-base-url}
   *     is not an absolute http(s) URL
   */
  @Bean
  @ConditionalOnMissingBean
  SignatureVerifier handoffSignatureVerifier(
      HandoffConfig config, HandoffProperties properties, ObjectProvider<NonceCache> nonces) {
    String publicBaseUrl = String.valueOf(properties.getCallbacks().getPublicBaseUrl());
    try {
      SignatureVerifier.Builder builder =
          SignatureVerifier.builder(config.credentials()).publicBaseUrl(publicBaseUrl);
      nonces.ifAvailable(builder::nonceCache);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "handoff.callbacks.public-base-url", publicBaseUrl, e.getMessage());
    }
  }
}
