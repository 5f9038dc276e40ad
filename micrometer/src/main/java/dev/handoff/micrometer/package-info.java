/**
 * Micrometer Observation API instrumentation of Handoff: {@link
 * dev.handoff.micrometer.HandoffObservation} is the entry point; the contexts and conventions let
 * an application rename or retag what it records. See {@code docs/observability.md}.
 */
@NullMarked
package dev.handoff.micrometer;

import org.jspecify.annotations.NullMarked;
