package com.example.handoff.docs;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.micrometer.HandoffMeterObservationHandler;
import dev.handoff.micrometer.HandoffObservation;
import dev.handoff.model.Credentials;
import dev.handoff.opentelemetry.HandoffTelemetry;
import dev.handoff.slf4j.Slf4jTransferListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;

/** The code of docs/observability.md; compiled by this example's build. */
final class ObservabilitySnippets {
  private ObservabilitySnippets() {}

  static Handoff micrometer(Credentials credentials, ObservationRegistry observationRegistry) {
    HandoffConfig.Builder builder = HandoffConfig.builder(credentials).transport("retrofit");
    HandoffObservation.create(observationRegistry).register(builder, "retrofit"); // the transport tag
    Handoff handoff = Handoff.create(builder.build());
    return handoff;
  }

  static void meters(ObservationRegistry registry, MeterRegistry meterRegistry) {
    registry.observationConfig().observationHandler(
        new ObservationHandler.FirstMatchingCompositeObservationHandler(
            HandoffMeterObservationHandler.create(meterRegistry, IgnoredMeters.LONG_TASK_TIMER),
            new DefaultMeterObservationHandler(meterRegistry)));
  }

  static Handoff openTelemetry(
      Credentials credentials, OpenTelemetry openTelemetry, URI phloBaseUrl, URI voiceBaseUrl) {
    HandoffConfig.Builder builder = HandoffConfig.builder(credentials).transport("retrofit");
    HandoffTelemetry.create(openTelemetry)
        .withBaseUrls(phloBaseUrl, voiceBaseUrl)      // only when not Plivo's defaults
        .register(builder, "retrofit");
    Handoff handoff = Handoff.create(builder.build());
    return handoff;
  }

  static HandoffConfig logging(Credentials credentials) {
    HandoffConfig config = HandoffConfig.builder(credentials)
        .listener(Slf4jTransferListener.create())     // logger "dev.handoff"; or create(myLogger)
        .build();
    return config;
  }
}
