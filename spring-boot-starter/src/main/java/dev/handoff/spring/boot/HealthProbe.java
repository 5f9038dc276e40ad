package dev.handoff.spring.boot;

import org.jspecify.annotations.Nullable;

/**
 * A dependency the {@code handoff} health reports on, such as the fleet's Redis. Its own type, so
 * that the health indicator links without the dependency's classes on the class path.
 */
interface HealthProbe {

  /** The detail's name, for example {@code redis}. */
  String name();

  /** What the detail shows: a URL with its password masked, say. */
  String target();

  /** Null when the dependency answered; else a short reason without secrets. */
  @Nullable String failure();
}
