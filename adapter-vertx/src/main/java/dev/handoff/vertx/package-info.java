/**
 * The Vert.x transport: {@link dev.handoff.vertx.VertxHandoff} creates a {@link
 * dev.handoff.Handoff} that talks to Plivo through Vert.x's HTTP client and never blocks an event
 * loop. Everything else in this package is an implementation detail.
 *
 * <pre>{@code
 * Handoff handoff = VertxHandoff.create(vertx, HandoffConfig.of(Credentials.fromEnvironment()));
 * }</pre>
 */
@NullMarked
package dev.handoff.vertx;

import org.jspecify.annotations.NullMarked;
