package dev.handoff.bench;

import dev.handoff.HandoffConfig;
import dev.handoff.micrometer.HandoffMeterObservationHandler;
import dev.handoff.micrometer.HandoffObservation;
import dev.handoff.opentelemetry.HandoffTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;

/**
 * The configurations of the overhead rows: each as an application would run it, with no thread of
 * its own (a {@code BatchSpanProcessor} or a periodic reader would start one, and the issue's
 * target is "no extra thread"): Micrometer's observations become timers and counters in a {@code
 * SimpleMeterRegistry} (Spring Boot's registry when no other is on the class path); OpenTelemetry
 * samples every span and hands it, ended, to an exporter that drops it, and keeps the histogram for
 * a pull reader.
 */
public final class Instrumented {
  private Instrumented() {}

  /**
   * The meter handlers as Spring Boot 4 with the Handoff starter registers them: {@link
   * HandoffMeterObservationHandler} first (Handoff's observations; long-task timers only with
   * {@code handoff.metrics.long-task-timers=true}, {@code longTaskTimers} here), then Micrometer's
   * {@code DefaultMeterObservationHandler} (every other observation, with its long-task timers).
   */
  public static ObservationHandler<Observation.Context> meterHandlers(
      MeterRegistry meters, boolean longTaskTimers) {
    HandoffMeterObservationHandler handoff =
        longTaskTimers
            ? HandoffMeterObservationHandler.create(meters)
            : HandoffMeterObservationHandler.create(meters, IgnoredMeters.LONG_TASK_TIMER);
    return new ObservationHandler.FirstMatchingCompositeObservationHandler(
        handoff, new DefaultMeterObservationHandler(meters));
  }

  static HandoffConfig observed(String baseUrl, String transport, boolean longTaskTimers) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(meterHandlers(new SimpleMeterRegistry(), longTaskTimers));
    HandoffConfig.Builder builder = Targets.builder(baseUrl);
    HandoffObservation.create(registry).register(builder, transport);
    return builder.build();
  }

  /**
   * The OpenTelemetry SDK of the {@code +otel} rows: every span sampled and handed, ended, to an
   * exporter that drops it; the histogram in a pull reader. No thread of its own.
   */
  public static OpenTelemetrySdk sdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new DroppingSpanExporter()))
                .build())
        .setMeterProvider(
            SdkMeterProvider.builder().registerMetricReader(new PullMetricReader()).build())
        .build();
  }

  /**
   * A reader that keeps the histogram as a pull exporter (Prometheus's) does, cumulative, and is
   * never read here. Not {@code opentelemetry-sdk-testing}'s {@code InMemoryMetricReader}: that jar
   * also installs its own {@code ContextStorageProvider}, a wrapper no application runs, which
   * every {@code Context.current()} and {@code makeCurrent()} of the rows would then go through.
   */
  private static final class PullMetricReader implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {
      // never collected: the rows measure recording, not reading
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static HandoffConfig traced(String baseUrl, String transport) {
    HandoffConfig.Builder builder = Targets.builder(baseUrl);
    URI base = URI.create(baseUrl);
    HandoffTelemetry.create(sdk()).withBaseUrls(base, base).register(builder, transport);
    return builder.build();
  }
}
