package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.spi.TransportProvider;

/**
 * The Retrofit transport for {@link Handoff#create(HandoffConfig)}'s discovery: named {@code
 * "retrofit"}, creating what {@link RetrofitHandoff#create(HandoffConfig)} creates. Found by {@link
 * java.util.ServiceLoader}; applications do not call it.
 */
public final class RetrofitTransportProvider implements TransportProvider {
  /** For {@link java.util.ServiceLoader}. */
  public RetrofitTransportProvider() {}

  /** {@code "retrofit"}. */
  @Override
  public String name() {
    return "retrofit";
  }

  @Override
  public Handoff create(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }
}
