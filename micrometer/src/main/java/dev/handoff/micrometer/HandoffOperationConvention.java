package dev.handoff.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags a {@code handoff.operation} observation. Implement it (or extend {@link
 * DefaultHandoffOperationConvention}) and pass it to {@link
 * HandoffObservation#withOperationConvention}, or register it globally with {@code
 * ObservationRegistry.observationConfig().observationConvention(...)}.
 */
public interface HandoffOperationConvention extends ObservationConvention<HandoffOperationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof HandoffOperationContext;
  }
}
