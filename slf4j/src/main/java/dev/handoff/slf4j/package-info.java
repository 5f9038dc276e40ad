/**
 * SLF4J logging of Handoff's operations: {@link dev.handoff.slf4j.Slf4jTransferListener}. See
 * {@code docs/observability.md}.
 */
@NullMarked
package dev.handoff.slf4j;

import org.jspecify.annotations.NullMarked;
