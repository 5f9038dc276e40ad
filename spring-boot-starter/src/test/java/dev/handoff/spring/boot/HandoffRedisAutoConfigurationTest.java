package dev.handoff.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffConfig;
import dev.handoff.callbacks.NonceCache;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.redis.RedisCoordination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.embedded.RedisServer;

/** handoff.redis.url against a real redis-server on 127.0.0.1 and an ephemeral port. */
class HandoffRedisAutoConfigurationTest {
  static int port;
  static RedisServer redis;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HandoffAutoConfiguration.class,
                  HandoffRedisAutoConfiguration.class,
                  HandoffHealthAutoConfiguration.class))
          .withPropertyValues(
              "handoff.auth-id=" + HandoffAutoConfigurationTest.AUTH_ID,
              "handoff.auth-token=" + HandoffAutoConfigurationTest.AUTH_TOKEN,
              "handoff.transport=jdk");

  @BeforeAll
  static void startRedis() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    redis =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    redis.start();
  }

  @AfterAll
  static void stopRedis() throws IOException {
    redis.stop();
  }

  @Test
  void withoutAUrlNothingIsWired() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(RedisCoordination.class);
          assertThat(health(context.getBean("handoffHealthIndicator", HealthIndicator.class)))
              .doesNotContainKey("redis");
        });
  }

  @Test
  void aUrlWiresTheBudgetAndTheStoreAndTheHealthPingsRedis() {
    runner
        .withPropertyValues(
            "handoff.redis.url=redis://:pa55word@127.0.0.1:" + port,
            "handoff.rate-limit=10/1s",
            "handoff.idempotency.retention=1h")
        .run(
            context -> {
              assertThat(context).hasSingleBean(RedisCoordination.class);
              // the store acts around each operation, the budget around each attempt
              HandoffConfig config = context.getBean(HandoffConfig.class);
              assertThat(config.operationInterceptors()).hasSize(1);
              assertThat(config.operationInterceptors().toString())
                  .contains("RedisIdempotencyStore", "PT1H")
                  .doesNotContain("pa55word");
              assertThat(config.attemptInterceptors()).hasSize(1);
              assertThat(config.attemptInterceptors().toString()).doesNotContain("pa55word");
              HealthIndicator indicator =
                  context.getBean("handoffHealthIndicator", HealthIndicator.class);
              Health health = indicator.health(true);
              // embedded redis has no password: AUTH is refused, so the probe reports it
              assertThat(health.getDetails().get("redis"))
                  .isEqualTo("redis://****@127.0.0.1:" + port);
              assertThat(health.toString()).doesNotContain("pa55word");
            });
    runner
        .withPropertyValues("handoff.redis.url=redis://127.0.0.1:" + port)
        .run(
            context -> {
              Health health =
                  context.getBean("handoffHealthIndicator", HealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsEntry("redisReachable", true);
            });
  }

  @Test
  void withCallbacksTheVerifierRefusesReplaysThroughRedis() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                HandoffAutoConfiguration.class,
                HandoffRedisAutoConfiguration.class,
                HandoffCallbacksAutoConfiguration.class))
        .withPropertyValues(
            "handoff.auth-id=" + HandoffAutoConfigurationTest.AUTH_ID,
            "handoff.auth-token=" + HandoffAutoConfigurationTest.AUTH_TOKEN,
            "handoff.transport=jdk",
            "handoff.redis.url=redis://127.0.0.1:" + port,
            "handoff.callbacks.public-base-url=https://app.example.com")
        .run(
            context -> {
              assertThat(context).hasSingleBean(NonceCache.class);
              assertThat(context.getBean(NonceCache.class).getClass().getName()).contains("Redis");
              assertThat(context.getBean(SignatureVerifier.class).toString())
                  .contains("https://app.example.com");
            });
  }

  @Test
  void aRedisThatIsDownIsDownInTheHealthAndDoesNotStopStartUp() {
    runner
        .withPropertyValues(
            "handoff.redis.url=redis://127.0.0.1:" + closedPort(),
            "handoff.redis.command-timeout=500ms")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Health health =
                  context.getBean("handoffHealthIndicator", HealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails()).containsEntry("redisReachable", false);
            });
  }

  @Test
  void aWrongRateLimitOrRetentionNamesItsProperty() {
    runner
        .withPropertyValues(
            "handoff.redis.url=redis://127.0.0.1:" + port, "handoff.rate-limit=lots")
        .run(
            context ->
                assertThat(cause(context.getStartupFailure()).getName())
                    .isEqualTo("handoff.rate-limit"));
    runner
        .withPropertyValues(
            "handoff.redis.url=redis://127.0.0.1:" + port, "handoff.idempotency.retention=0s")
        .run(
            context ->
                assertThat(cause(context.getStartupFailure()).getName())
                    .isEqualTo("handoff.idempotency.retention"));
    runner
        .withPropertyValues("handoff.redis.url=http://127.0.0.1")
        .run(
            context ->
                assertThat(cause(context.getStartupFailure()).getName())
                    .isEqualTo("handoff.redis.url"));
  }

  @Test
  void aRateLimitWithoutRedisIsPerInstance() {
    runner
        .withPropertyValues("handoff.rate-limit=300/5s")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(RedisCoordination.class);
              HandoffConfig config = context.getBean(HandoffConfig.class);
              assertThat(config.operationInterceptors()).isEmpty();
              assertThat(config.attemptInterceptors()).hasSize(1);
            });
  }

  @Test
  void withoutHandoffRedisTheUrlIsIgnored() {
    runner
        .withPropertyValues("handoff.redis.url=redis://127.0.0.1:" + port)
        .withClassLoader(new FilteredClassLoader(RedisCoordination.class))
        .run(context -> assertThat(context).doesNotHaveBean("handoffRedisCoordination"));
  }

  private static Map<String, Object> health(HealthIndicator indicator) {
    return indicator.health(true).getDetails();
  }

  private static InvalidConfigurationPropertyValueException cause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
    return (InvalidConfigurationPropertyValueException) cause;
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
