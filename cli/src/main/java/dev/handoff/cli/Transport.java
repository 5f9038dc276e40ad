package dev.handoff.cli;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import java.util.Locale;

/**
 * The transports the CLI can send through: it ships all three, so it names the one to use, and
 * {@link Handoff#create(HandoffConfig)} finds it by that name, as an application's code would.
 */
enum Transport {
  RETROFIT,
  VERTX,
  JDK;

  Handoff create(HandoffConfig config) {
    return Handoff.create(config.toBuilder().transport(label()).build());
  }

  /** The transport's name: {@code retrofit}, {@code vertx}, {@code jdk}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
