/**
 * The driven port that transports implement ({@link dev.handoff.spi.CallControl}), what one attempt
 * yields ({@link dev.handoff.spi.PlivoResponse}), and Plivo's wire format written once for every
 * transport ({@link dev.handoff.spi.Wire}). Applications do not need this package: they call {@link
 * dev.handoff.Handoff}.
 */
@NullMarked
package dev.handoff.spi;

import org.jspecify.annotations.NullMarked;
