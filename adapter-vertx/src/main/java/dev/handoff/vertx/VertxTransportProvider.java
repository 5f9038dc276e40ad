package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.spi.TransportProvider;

/**
 * The Vertx transport for {@link Handoff#create(HandoffConfig)}'s discovery: named {@code "vertx"},
 * creating what {@link VertxHandoff#create(HandoffConfig)} creates. Found by {@link
 * java.util.ServiceLoader}; applications do not call it.
 */
public final class VertxTransportProvider implements TransportProvider {
  /** For {@link java.util.ServiceLoader}. */
  public VertxTransportProvider() {}

  /** {@code "vertx"}. */
  @Override
  public String name() {
    return "vertx";
  }

  @Override
  public Handoff create(HandoffConfig config) {
    return VertxHandoff.create(config);
  }
}
