/**
 * OpenTelemetry API instrumentation of Handoff, for applications on OpenTelemetry without
 * Micrometer: {@link dev.handoff.opentelemetry.HandoffTelemetry}. See {@code
 * docs/observability.md}.
 */
@NullMarked
package dev.handoff.opentelemetry;

import org.jspecify.annotations.NullMarked;
