package dev.handoff.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags a {@code handoff.attempt} observation. Implement it (or extend {@link
 * DefaultHandoffAttemptConvention}) and pass it to {@link
 * HandoffObservation#withAttemptConvention}, or register it globally with {@code
 * ObservationRegistry.observationConfig() .observationConvention(...)}.
 */
public interface HandoffAttemptConvention extends ObservationConvention<HandoffAttemptContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof HandoffAttemptContext;
  }
}
