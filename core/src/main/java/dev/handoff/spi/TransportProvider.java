package dev.handoff.spi;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;

/**
 * A transport that {@link Handoff#create(HandoffConfig)} finds on the class path or the module path
 * through {@link java.util.ServiceLoader}, so that swapping the transport is a dependency change
 * and no code. Each transport module declares its one provider ({@code provides
 * dev.handoff.spi.TransportProvider with ...} in its {@code module-info}, and a {@code
 * META-INF/services/dev.handoff.spi.TransportProvider} entry for the class path); applications
 * never call it.
 *
 * <p>Implementations need a public no-argument constructor (or a public static {@code provider()}
 * method on the module path), must be cheap to create (discovery instantiates every provider it
 * finds) and create nothing before {@link #create} is called.
 */
public interface TransportProvider {

  /**
   * The transport's short name, the one {@link HandoffConfig.Builder#transport(String)} chooses it
   * by and its {@code User-Agent} carries: {@code "retrofit"}, {@code "vertx"}, {@code "jdk"}.
   */
  String name();

  /**
   * A Handoff over this transport, configured from {@code config}, exactly as the transport's own
   * factory makes it ({@code RetrofitHandoff.create(config)}, say).
   *
   * @throws NullPointerException if {@code config} is null
   */
  Handoff create(HandoffConfig config);
}
