/**
 * Handoff's OpenTelemetry instrumentation: {@code dev.handoff.opentelemetry.HandoffTelemetry} adds
 * a span per operation and a client span per attempt, and records {@code
 * http.client.request.duration}. Its public type takes the OpenTelemetry API's and core's types:
 * hence both {@code requires transitive}.
 */
module dev.handoff.opentelemetry {
  requires transitive dev.handoff;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;
  requires static org.jspecify;

  exports dev.handoff.opentelemetry;
}
