package dev.handoff;

import dev.handoff.spi.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the transport {@link Handoff#create(HandoffConfig)} uses: the one {@link TransportProvider}
 * on the class path or module path, or the one {@link HandoffConfig#transport()} names.
 */
final class Transports {
  private Transports() {}

  /**
   * Through {@link ServiceLoader}, with the thread's context class loader (as Azure's SDK does).
   */
  static Handoff create(HandoffConfig config) {
    return create(config, ServiceLoader.load(TransportProvider.class));
  }

  /** Chooses among {@code providers}: for the tests, which pass fakes. */
  static Handoff create(HandoffConfig config, Iterable<TransportProvider> providers) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    List<TransportProvider> found = new ArrayList<>();
    providers.forEach(found::add);
    String chosen = config.transport();
    if (chosen == null) {
      if (found.size() == 1) {
        return found.get(0).create(config);
      }
      throw new IllegalStateException(
          found.isEmpty()
              ? "No Handoff transport found on the class path or module path: add one"
                  + " (handoff-adapter-retrofit, handoff-adapter-vertx or handoff-adapter-jdk),"
                  + " or create the Handoff with Handoff.create(CallControl, HandoffConfig)"
              : "Several Handoff transports found: "
                  + describe(found)
                  + "; choose one by name with HandoffConfig.builder(credentials).transport(\""
                  + found.get(0).name()
                  + "\"), or create the Handoff with that transport's own factory"
                  + " (RetrofitHandoff.create(config), VertxHandoff.create(config),"
                  + " JdkHandoff.create(config))");
    }
    TransportProvider match = null;
    for (TransportProvider provider : found) {
      if (provider.name().equals(chosen)) {
        if (match != null) {
          throw new IllegalStateException(
              "Several Handoff transports are named \""
                  + chosen
                  + "\": "
                  + describe(found)
                  + "; keep one of them on the class path, or create the Handoff with the"
                  + " transport's own factory");
        }
        match = provider;
      }
    }
    if (match == null) {
      throw new IllegalStateException(
          "HandoffConfig names the transport \""
              + chosen
              + "\", which is not on the class path or module path; "
              + (found.isEmpty() ? "no transport was found" : "found: " + describe(found))
              + ". Add its module (handoff-adapter-"
              + chosen
              + "), or name one of those found");
    }
    return match.create(config);
  }

  /** For example {@code retrofit (dev.handoff.retrofit.RetrofitTransportProvider)}. */
  private static String describe(List<TransportProvider> providers) {
    return providers.stream()
        .map(provider -> provider.name() + " (" + provider.getClass().getName() + ")")
        .collect(Collectors.joining(", "));
  }
}
