package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.NetworkContract;
import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;

/**
 * Proxies and trust over the Vert.x transport, and over an application's {@code WebClientOptions}.
 */
class WebClientNetworkContractTest extends NetworkContract {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return WebClientHandoff.create(vertx, config);
  }

  /** Vert.x's client options hold no request hook: only their TLS is checked to be kept. */
  @Override
  protected boolean applicationClientCountsRequests() {
    return false;
  }

  @Override
  protected Handoff createHandoffOverApplicationClient(
      HandoffConfig config, KeyStore trusted, Runnable onRequest) {
    WebClientOptions options =
        new WebClientOptions().setUserAgent("the-application").setTrustOptions(trust(trusted));
    return WebClientHandoff.create(vertx, options, config);
  }

  private static TrustOptions trust(KeyStore trusted) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
