package dev.handoff.spring.boot;

import dev.handoff.FailureMode;
import dev.handoff.HandoffConfig;
import dev.handoff.RateLimit;
import dev.handoff.callbacks.NonceCache;
import dev.handoff.redis.RedisCoordination;
import dev.handoff.redis.RedisNonceCache;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Fleet coordination through handoff-redis, when it is on the class path and {@code
 * handoff.redis.url} is set: a {@link RedisCoordination} bean (closed with the context), whose rate
 * budget ({@code handoff.rate-limit}, Plivo's 300/5s when unset) and idempotency store ({@code
 * handoff.idempotency.retention}) the {@code Handoff} uses, and a Redis check in the {@code
 * handoff} health. The budget fails open and the store fails closed, as core's defaults.
 */
@AutoConfiguration(before = HandoffAutoConfiguration.class)
@ConditionalOnClass({RedisCoordination.class, HandoffConfig.class})
@ConditionalOnProperty(prefix = "handoff.redis", name = "url")
@EnableConfigurationProperties(HandoffProperties.class)
public final class HandoffRedisAutoConfiguration {

  /** Spring creates it. */
  public HandoffRedisAutoConfiguration() {}

  /**
   * The coordination over {@code handoff.redis.url}; it connects on first use, so a Redis that is
   * down at start-up delays nothing.
   *
   * @throws InvalidConfigurationPropertyValueException if the URL or the command timeout is wrong
   *     (the URL quoted with its password masked)
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  RedisCoordination handoffRedisCoordination(HandoffProperties properties) {
    HandoffProperties.Redis redis = properties.getRedis();
    String url = String.valueOf(redis.getUrl()).strip();
    try {
      return RedisCoordination.create(url, redis.getCommandTimeout());
    } catch (IllegalArgumentException e) {
      boolean timeout = String.valueOf(e.getMessage()).startsWith("commandTimeout");
      throw new InvalidConfigurationPropertyValueException(
          timeout ? "handoff.redis.command-timeout" : "handoff.redis.url",
          timeout ? redis.getCommandTimeout() : RedisCoordination.mask(url),
          Masking.url(e.getMessage()));
    }
  }

  /** After the observations, before the application's customizers. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 10)
  HandoffConfigCustomizer handoffRedisCustomizer(
      RedisCoordination redis, HandoffProperties properties) {
    String text = properties.getRateLimit();
    RateLimit limit =
        text == null || text.isBlank() ? RateLimit.PLIVO : Settings.rateLimit(properties);
    return builder ->
        Settings.checked(
            properties,
            () ->
                builder
                    .rateBudget(redis.rateBudget(limit))
                    .idempotencyStore(
                        redis.idempotencyStore(),
                        properties.getIdempotency().getRetention(),
                        FailureMode.FAIL_CLOSED));
  }

  /** With handoff-callbacks: the fleet-wide replay guard of Plivo's callbacks. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(NonceCache.class)
  static class Callbacks {
    /** The callback verifier's nonces, kept {@code handoff.callbacks.nonce-retention}. */
    @Bean
    @ConditionalOnMissingBean
    NonceCache handoffRedisNonceCache(RedisCoordination redis, HandoffProperties properties) {
      Duration retention = properties.getCallbacks().getNonceRetention();
      try {
        return RedisNonceCache.create(redis, retention);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            "handoff.callbacks.nonce-retention", retention, e.getMessage());
      }
    }
  }

  /** What the health indicator asks: whether this Redis answers a PING. */
  @Bean(destroyMethod = "close")
  @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
  RedisProbe handoffRedisProbe(HandoffProperties properties) {
    HandoffProperties.Redis redis = properties.getRedis();
    return new RedisProbe(String.valueOf(redis.getUrl()).strip(), redis.getCommandTimeout());
  }
}
