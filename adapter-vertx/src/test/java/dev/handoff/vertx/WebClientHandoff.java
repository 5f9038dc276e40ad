package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/** Handoffs over {@link WebClientCallControl}, the Web Client variant (issue 15's experiment). */
final class WebClientHandoff {
  /**
   * Whether the variant aborts a cancelled attempt's exchange ({@code WebClientCallControl}'s
   * {@code abortsOnCancel}): the one line the two recorded runs differ by.
   */
  static final boolean ABORTS_ON_CANCEL = true;

  private WebClientHandoff() {}

  /** As {@link VertxHandoff#create(HandoffConfig)}, over the Web Client variant. */
  static Handoff create(HandoffConfig config) {
    Vertx vertx = Vertx.vertx();
    return Handoff.create(
        new WebClientCallControl(
            config,
            vertx,
            VertxOwnership.OWNED,
            VertxModule.httpClient(vertx, config),
            ABORTS_ON_CANCEL),
        config);
  }

  /** As {@link VertxHandoff#create(Vertx, HandoffConfig)}, over the Web Client variant. */
  static Handoff create(Vertx vertx, HandoffConfig config) {
    return Handoff.create(
        new WebClientCallControl(
            config,
            vertx,
            VertxOwnership.BORROWED,
            VertxModule.httpClient(vertx, config),
            ABORTS_ON_CANCEL),
        config);
  }

  /** As {@link VertxHandoff#create(Vertx, HttpClientOptions, HandoffConfig)}, likewise. */
  static Handoff create(Vertx vertx, HttpClientOptions options, HandoffConfig config) {
    return Handoff.create(
        new WebClientCallControl(
            config,
            vertx,
            VertxOwnership.BORROWED,
            VertxModule.httpClient(vertx, config, new ApplicationOptions(options)),
            ABORTS_ON_CANCEL),
        config);
  }
}
