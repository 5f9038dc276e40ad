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
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;

/**
 * The configurations of the overhead rows: each as an application would run it, with no thread of
 * its own (a {@code BatchSpanProcessor} or a periodic reader would start one, and the issue's
 * target is "no extra thread"): Micrometer's observations become timers and counters in a {@code
 * SimpleMeterRegistry} (Spring Boot's registry when no other is on the class path); OpenTelemetry
 * samples every span and takes its data when it ends, as an exporting processor does, then drops
 * it, and keeps the histogram for a pull reader.
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
   * The OpenTelemetry SDK of the {@code +otel} rows: every span sampled, its data taken when it
   * ends and dropped; the histogram kept for a pull reader. No thread of its own.
   */
  public static OpenTelemetrySdk sdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder().addSpanProcessor(new DroppingSpanProcessor()).build())
        .setMeterProvider(
            SdkMeterProvider.builder().registerMetricReader(new PullMetricReader()).build())
        .build();
  }

  /**
   * Takes each ended span's data, as an exporting processor does, and drops it, on the thread that
   * ended the span. Not {@code SimpleSpanProcessor} into an exporter that drops: that processor
   * exports under one lock for every span of the process and keeps each export's result in a
   * concurrent set until it completes (one shared result, for an exporter answering {@code
   * ofSuccess()}), so every span end of every thread met every other there: a queue no application
   * has ({@code BatchSpanProcessor}, the production one, only queues the span on that thread, and
   * starts a thread of its own to export, which the rows must not).
   */
  private static final class DroppingSpanProcessor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      SpanData data = span.toSpanData();
      if (data.getTotalAttributeCount() < 0) {
        throw new IllegalStateException("a span's attribute count is never negative");
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
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
