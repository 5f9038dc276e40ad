package dev.handoff.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.micrometer.HandoffMeterObservationHandler;
import dev.handoff.model.Address;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spring.boot.test.HandoffFakeAutoConfiguration;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakePlivoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The conditions, the binding and the failures of the auto-configurations, context by context. */
class HandoffAutoConfigurationTest {
  static final String AUTH_ID = "MA0123456789ABCDEFGH";
  static final String AUTH_TOKEN = "s3cr3t-t0ken-never-shown";

  /** Both the JDK and the Retrofit transport are on this class path: each context names one. */
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HandoffAutoConfiguration.class,
                  HandoffObservationAutoConfiguration.class,
                  HandoffCallbacksAutoConfiguration.class,
                  HandoffHealthAutoConfiguration.class))
          .withPropertyValues(
              "handoff.auth-id=" + AUTH_ID,
              "handoff.auth-token=" + AUTH_TOKEN,
              "handoff.transport=jdk");

  @Test
  void makesAHandoffWithCoreDefaultsFromTheCredentialsAlone() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(Handoff.class).hasSingleBean(HandoffConfig.class);
          HandoffConfig config = context.getBean(HandoffConfig.class);
          assertThat(config.credentials()).isEqualTo(new Credentials(AUTH_ID, AUTH_TOKEN));
          assertThat(config.phloBaseUrl()).isEqualTo(HandoffConfig.DEFAULT_PHLO_BASE_URL);
          assertThat(config.voiceBaseUrl()).isEqualTo(HandoffConfig.DEFAULT_VOICE_BASE_URL);
          assertThat(config.timeout()).isEqualTo(HandoffConfig.DEFAULT_TIMEOUT);
          assertThat(config.connectTimeout()).isEqualTo(HandoffConfig.DEFAULT_CONNECT_TIMEOUT);
          assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.defaults());
          assertThat(config.transport()).isEqualTo("jdk");
          // no ObservationRegistry bean: no interceptor
          assertThat(config.operationInterceptors()).isEmpty();
        });
  }

  @Test
  void bindsEveryProperty() {
    runner
        .withPropertyValues(
            "handoff.phlo-base-url=https://phlo.example.com/",
            "handoff.voice-base-url=https://voice.example.com",
            "handoff.timeout=20s",
            "handoff.connect-timeout=2s",
            "handoff.transport=retrofit",
            "handoff.retry.max-attempts=5",
            "handoff.retry.base-delay=50ms",
            "handoff.retry.max-delay=1s",
            "handoff.retry.max-retry-after=0s")
        .run(
            context -> {
              HandoffConfig config = context.getBean(HandoffConfig.class);
              assertThat(config.phloBaseUrl()).isEqualTo(URI.create("https://phlo.example.com"));
              assertThat(config.voiceBaseUrl()).isEqualTo(URI.create("https://voice.example.com"));
              assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(20));
              assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(config.transport()).isEqualTo("retrofit");
              assertThat(config.retryPolicy())
                  .isEqualTo(
                      new RetryPolicy(
                          5, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ZERO));
            });
  }

  @Test
  void theCredentialsDefaultToPlivosVariables() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HandoffAutoConfiguration.class))
        .withPropertyValues(
            "PLIVO_AUTH_ID=" + AUTH_ID, "PLIVO_AUTH_TOKEN=" + AUTH_TOKEN, "handoff.transport=jdk")
        .run(
            context ->
                assertThat(context.getBean(HandoffConfig.class).credentials())
                    .isEqualTo(new Credentials(AUTH_ID, AUTH_TOKEN)));
  }

  @Test
  void theTokenIsNeverInThePropertiesOrTheConfigText() {
    runner.run(
        context -> {
          assertThat(context.getBean(HandoffProperties.class).toString())
              .doesNotContain(AUTH_TOKEN)
              .doesNotContain(AUTH_ID)
              .contains("MA01****");
          assertThat(context.getBean(HandoffConfig.class).toString()).doesNotContain(AUTH_TOKEN);
        });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnHandoff() {
    runner
        .withUserConfiguration(OwnHandoff.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Handoff.class);
              assertThat(context.getBean(Handoff.class)).isSameAs(OwnHandoff.HANDOFF);
              assertThat(context).doesNotHaveBean(HandoffConfig.class);
              assertThat(context).doesNotHaveBean(HealthIndicator.class);
            });
  }

  @Test
  void anApplicationsOwnConfigStillGetsTheStartersHandoff() {
    runner
        .withUserConfiguration(OwnConfig.class)
        .run(
            context -> {
              assertThat(context.getBean(HandoffConfig.class)).isSameAs(OwnConfig.CONFIG);
              assertThat(context).hasSingleBean(Handoff.class);
            });
  }

  @Test
  void handoffEnabledFalseTurnsItOff() {
    runner
        .withPropertyValues("handoff.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(Handoff.class));
  }

  @Test
  void aMalformedAuthIdFailsStartUpNamingThePropertyButNotTheValue() {
    runner
        .withPropertyValues("handoff.auth-id=ma0123456789abcdefgh")
        .run(
            context ->
                assertThat(failure(context, "handoff.auth-id").getMessage())
                    .contains("'MA' or 'SA'")
                    .doesNotContain("ma0123456789abcdefgh"));
  }

  @Test
  void missingCredentialsFailStartUpNamingThePropertyAndTheVariable() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HandoffAutoConfiguration.class))
        .run(
            context ->
                assertThat(failure(context, "handoff.auth-id").getMessage())
                    .contains("PLIVO_AUTH_ID"));
  }

  @Test
  void anHttpBaseUrlToAPublicHostFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("handoff.voice-base-url=http://api.plivo.com")
        .run(
            context ->
                assertThat(failure(context, "handoff.voice-base-url").getMessage())
                    .contains("http://api.plivo.com", "https"));
  }

  @Test
  void aUserInfoPasswordInABaseUrlIsNotQuoted() {
    runner
        .withPropertyValues("handoff.phlo-base-url=https://user:hunter2@phlo.example.com")
        .run(
            context ->
                assertThat(failure(context, "handoff.phlo-base-url").getMessage())
                    .doesNotContain("hunter2"));
  }

  @Test
  void aWrongRetryOrTimeoutNamesItsProperty() {
    runner
        .withPropertyValues("handoff.retry.max-attempts=0")
        .run(context -> failure(context, "handoff.retry.max-attempts"));
    runner
        .withPropertyValues("handoff.timeout=11m")
        .run(context -> failure(context, "handoff.timeout"));
    runner
        .withPropertyValues("handoff.transport=Not A Name")
        .run(context -> failure(context, "handoff.transport"));
  }

  @Test
  void severalTransportsAndNoneChosenFailsStartUpNamingThem() {
    runner
        .withPropertyValues("handoff.transport=")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootCause(context.getStartupFailure()))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("Several Handoff transports found")
                  .hasMessageContaining("jdk")
                  .hasMessageContaining("retrofit");
            });
  }

  @Test
  void wiresTheApplicationsObservationRegistry() {
    Credentials credentials = new Credentials(AUTH_ID, AUTH_TOKEN);
    TestObservationRegistry registry = TestObservationRegistry.create();
    runner
        .withConfiguration(AutoConfigurations.of(HandoffFakeAutoConfiguration.class))
        .withBean(TestObservationRegistry.class, () -> registry)
        .run(
            context -> {
              warmTransfer(context);
              assertThat(context.getBean(FakePlivoServer.class).requestCount()).isEqualTo(1);
              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("handoff.operation")
                  .that()
                  .hasLowCardinalityKeyValue("transport", "jdk")
                  .hasBeenStopped();
              assertThat(credentials).isEqualTo(context.getBean(Credentials.class));
            });
  }

  /** Boot's own observation and metrics auto-configurations, as the actuator brings them. */
  private ApplicationContextRunner withBootsMetrics() {
    return runner.withConfiguration(
        AutoConfigurations.of(
            HandoffFakeAutoConfiguration.class,
            ObservationAutoConfiguration.class,
            MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class));
  }

  private static void warmTransfer(AssertableApplicationContext context) {
    PhloId phlo = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
    NodeId node = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
    context
        .getBean(FakePlivoServer.class)
        .addNode(phlo, node, Address.of("+14152223333"), Address.of("+14152224444"));
    context
        .getBean(Handoff.class)
        .warmTransfer(
            WarmTransfer.builder()
                .phloId(phlo)
                .nodeId(node)
                .triggerSource("+14152223333")
                .to("+14152225555")
                .build());
  }

  /**
   * Boot gives each observation to the first of its meter handlers that supports it: Handoff's
   * handler comes first, so a transfer is counted once (by it), and another observation still
   * becomes its meters through Boot's default handler.
   */
  @Test
  void handoffsMeterHandlerComesFirstOfBootsAndCountsEachOperationOnce() {
    List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    ObservationHandler<Observation.Context> probe =
        new ObservationHandler<>() {
          @Override
          public boolean supportsContext(Observation.Context context) {
            return true;
          }

          @Override
          public void onStop(Observation.Context context) {
            stopped.add(context);
          }
        };
    withBootsMetrics()
        .withBean("probe", ObservationHandler.class, () -> probe)
        .run(
            context -> {
              assertThat(context).hasSingleBean(HandoffMeterObservationHandler.class);
              HandoffMeterObservationHandler handler =
                  context.getBean(HandoffMeterObservationHandler.class);
              warmTransfer(context);
              // Handoff's handler started each of Handoff's observations (its key in the context),
              // Boot's default none of them (it keeps a Timer.Sample there).
              assertThat(stopped)
                  .filteredOn(observed -> observed.getName().startsWith("handoff."))
                  .hasSize(2)
                  .allSatisfy(
                      observed -> {
                        assertThat(observed.containsKey(handler)).isTrue();
                        assertThat(observed.containsKey(Timer.Sample.class)).isFalse();
                      });
              Observation.createNotStarted("app.work", context.getBean(ObservationRegistry.class))
                  .observe(() -> {});

              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("handoff.operation").tag("transport", "jdk").timer().count())
                  .isEqualTo(1);
              assertThat(meters.get("handoff.attempt").timer().count()).isEqualTo(1);
              // Off by default for Handoff's observations; Boot's default keeps its own.
              assertThat(meters.find("handoff.operation.active").longTaskTimer()).isNull();
              assertThat(meters.find("handoff.attempt.active").longTaskTimer()).isNull();
              assertThat(meters.get("app.work").timer().count()).isEqualTo(1);
              assertThat(meters.get("app.work.active").longTaskTimer().activeTasks()).isZero();
            });
  }

  @Test
  void handoffsLongTaskTimersWhenAskedFor() {
    withBootsMetrics()
        .withPropertyValues("handoff.metrics.long-task-timers=true")
        .run(
            context -> {
              warmTransfer(context);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("handoff.operation").timer().count()).isEqualTo(1);
              assertThat(meters.get("handoff.operation.active").longTaskTimer().activeTasks())
                  .isZero();
              assertThat(meters.get("handoff.attempt.active").longTaskTimer().activeTasks())
                  .isZero();
            });
  }

  @Test
  void handoffsMeterHandlerLeavesOutTheMetersBootIsToldToIgnore() {
    withBootsMetrics()
        .withPropertyValues(
            "handoff.metrics.long-task-timers=true",
            "management.metrics.observations.ignored-meters=long-task-timer")
        .run(
            context -> {
              warmTransfer(context);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("handoff.operation").timer().count()).isEqualTo(1);
              assertThat(meters.find("handoff.operation.active").longTaskTimer()).isNull();
            });
  }

  @Test
  void anApplicationsOwnMeterHandlerReplacesHandoffs() {
    MeterRegistry own = new SimpleMeterRegistry();
    HandoffMeterObservationHandler mine = HandoffMeterObservationHandler.create(own);
    withBootsMetrics()
        .withBean(HandoffMeterObservationHandler.class, () -> mine)
        .run(
            context -> {
              assertThat(context.getBean(HandoffMeterObservationHandler.class)).isSameAs(mine);
              warmTransfer(context);
              assertThat(own.get("handoff.operation").timer().count()).isEqualTo(1);
            });
  }

  @Test
  void observationsWithoutMicrometerCoreAndNoMeterHandler() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
        .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
        .run(
            context -> {
              assertThat(context)
                  .hasNotFailed()
                  .doesNotHaveBean(HandoffMeterObservationHandler.class);
              assertThat(context.getBean(HandoffConfig.class).operationInterceptors()).isNotEmpty();
            });
  }

  @Test
  void noMeterHandlerWithoutAMeterRegistry() {
    runner
        .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
        .run(context -> assertThat(context).doesNotHaveBean(HandoffMeterObservationHandler.class));
  }

  @Test
  void noObservationsWithoutHandoffMicrometer() {
    runner
        .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
        .withClassLoader(new FilteredClassLoader("dev.handoff.micrometer"))
        .run(
            context ->
                assertThat(context.getBean(HandoffConfig.class).operationInterceptors()).isEmpty());
  }

  @Test
  void theSignatureVerifierNeedsThePublicBaseUrl() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SignatureVerifier.class));
    runner
        .withPropertyValues("handoff.callbacks.public-base-url=https://app.example.com")
        .run(
            context ->
                assertThat(context.getBean(SignatureVerifier.class).toString())
                    .contains("https://app.example.com")
                    .doesNotContain(AUTH_TOKEN));
    runner
        .withPropertyValues("handoff.callbacks.public-base-url=https://app.example.com")
        .withClassLoader(new FilteredClassLoader(SignatureVerifier.class))
        .run(context -> assertThat(context).doesNotHaveBean(SignatureVerifier.class));
  }

  @Test
  void theHealthIndicatorReportsTheConfigurationAndSendsNothing() {
    runner
        .withConfiguration(AutoConfigurations.of(HandoffFakeAutoConfiguration.class))
        .run(
            context -> {
              FakePlivoServer plivo = context.getBean(FakePlivoServer.class);
              Health health =
                  context.getBean("handoffHealthIndicator", HealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              Map<String, Object> details = health.getDetails();
              assertThat(details)
                  .containsEntry("authId", "MA01****")
                  .containsEntry("transport", "jdk")
                  .containsEntry("phloBaseUrl", plivo.baseUrl().toString())
                  .containsEntry("voiceBaseUrl", plivo.baseUrl().toString());
              assertThat(details.toString()).doesNotContain(AUTH_TOKEN, AUTH_ID);
              assertThat(plivo.requestCount()).isZero();
            });
  }

  @Test
  void noHealthIndicatorWithoutSpringBootHealthOrWhenDisabled() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean("handoffHealthIndicator"));
    runner
        .withPropertyValues("management.health.handoff.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("handoffHealthIndicator"));
  }

  @Test
  void theFakeNeedsNoCredentialsAndExposesItsServerAndModel() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                HandoffFakeAutoConfiguration.class, HandoffAutoConfiguration.class))
        .withPropertyValues("handoff.transport=retrofit")
        .run(
            context -> {
              FakePlivoServer plivo = context.getBean(FakePlivoServer.class);
              assertThat(context.getBean(CallModel.class)).isSameAs(plivo.model());
              HandoffConfig config = context.getBean(HandoffConfig.class);
              assertThat(config.credentials())
                  .isEqualTo(HandoffFakeAutoConfiguration.TEST_CREDENTIALS);
              assertThat(config.phloBaseUrl()).isEqualTo(plivo.baseUrl());
              assertThat(config.voiceBaseUrl()).isEqualTo(plivo.baseUrl());
            });
  }

  @Test
  void thePropertiesDefaultsAreCores() {
    HandoffProperties properties = new HandoffProperties();
    assertThat(properties.getTimeout()).isEqualTo(HandoffConfig.DEFAULT_TIMEOUT);
    assertThat(properties.getConnectTimeout()).isEqualTo(HandoffConfig.DEFAULT_CONNECT_TIMEOUT);
    HandoffProperties.Retry retry = properties.getRetry();
    assertThat(
            new RetryPolicy(
                retry.getMaxAttempts(),
                retry.getBaseDelay(),
                retry.getMaxDelay(),
                retry.getMaxRetryAfter()))
        .isEqualTo(RetryPolicy.defaults());
  }

  private static InvalidConfigurationPropertyValueException failure(
      AssertableApplicationContext context, String property) {
    assertThat(context).hasFailed();
    Throwable cause = rootCause(context.getStartupFailure());
    assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
    InvalidConfigurationPropertyValueException invalid =
        (InvalidConfigurationPropertyValueException) cause;
    assertThat(invalid.getName()).isEqualTo(property);
    assertThat(invalid.getMessage()).contains(property).doesNotContain(AUTH_TOKEN);
    return invalid;
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnHandoff {
    static final Handoff HANDOFF =
        Handoff.create(
            FakeCallControl.create(CallModel.create(AUTH_ID)),
            HandoffConfig.of(new Credentials(AUTH_ID, AUTH_TOKEN)));

    @Bean
    Handoff ownHandoff() {
      return HANDOFF;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnConfig {
    static final HandoffConfig CONFIG =
        HandoffConfig.builder(new Credentials(AUTH_ID, AUTH_TOKEN)).transport("jdk").build();

    @Bean
    HandoffConfig ownConfig() {
      return CONFIG;
    }
  }
}
