/**
 * Handoff's Micrometer instrumentation: {@code dev.handoff.micrometer.HandoffObservation} adds an
 * observation per operation ({@code handoff.operation}) and per attempt ({@code handoff.attempt})
 * to a {@code HandoffConfig.Builder}; {@code HandoffMeterObservationHandler} makes their meters,
 * with {@code micrometer-core} (read {@code static}: only an application that has it uses it). Its
 * public types extend Micrometer's ({@code Observation.Context}, {@code ObservationConvention}) and
 * take core's: hence both {@code requires transitive}.
 */
module dev.handoff.micrometer {
  requires transitive dev.handoff;
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;
  requires static org.jspecify;
  requires static micrometer.core;

  exports dev.handoff.micrometer;
}
