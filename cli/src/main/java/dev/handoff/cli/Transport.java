package dev.handoff.cli;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.retrofit.RetrofitHandoff;
import dev.handoff.vertx.VertxHandoff;
import java.util.Locale;

/** The transports the CLI can send through. */
enum Transport {
  RETROFIT,
  VERTX;

  Handoff create(HandoffConfig config) {
    return this == RETROFIT ? RetrofitHandoff.create(config) : VertxHandoff.create(config);
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
