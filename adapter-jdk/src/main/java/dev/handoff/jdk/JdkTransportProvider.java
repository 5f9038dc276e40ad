package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.spi.TransportProvider;

/**
 * The JDK transport for {@link Handoff#create(HandoffConfig)}'s discovery: named {@code "jdk"},
 * creating what {@link JdkHandoff#create(HandoffConfig)} creates. Found by {@link
 * java.util.ServiceLoader}; applications do not call it.
 */
public final class JdkTransportProvider implements TransportProvider {
  /** For {@link java.util.ServiceLoader}. */
  public JdkTransportProvider() {}

  /** {@code "jdk"}. */
  @Override
  public String name() {
    return JdkCallControl.NAME;
  }

  @Override
  public Handoff create(HandoffConfig config) {
    return JdkHandoff.create(config);
  }
}
