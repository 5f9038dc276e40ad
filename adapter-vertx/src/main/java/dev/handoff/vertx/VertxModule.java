package dev.handoff.vertx;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.inject.Singleton;

/** The Vert.x transport's bindings: the HTTP client, the port over it, and the Handoff. */
@Module
abstract class VertxModule {
  /**
   * Connections kept per host. Vert.x's default of 5 would queue a burst of transfers behind five
   * slow answers; Plivo allows 300 requests per 5 seconds per account.
   */
  static final int MAX_CONNECTIONS_PER_HOST = 256;

  private VertxModule() {}

  @Binds
  abstract CallControl callControl(VertxCallControl callControl);

  @Provides
  @Singleton
  static HttpClientAgent httpClient(Vertx vertx, HandoffConfig config) {
    return vertx.createHttpClient(
        options(config), new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST));
  }

  @Provides
  @Singleton
  static Handoff handoff(CallControl callControl, HandoffConfig config) {
    return Handoff.create(callControl, config);
  }

  /**
   * The client's options. No idle or read timeout: the operation's deadline ({@link
   * HandoffConfig#timeout()}) is enforced by the core, which cancels the attempt. No redirects: a
   * redirected POST could perform a transfer twice or somewhere else (each request also says so).
   * Vert.x's HTTP client sends no User-Agent of its own: every request carries Handoff's.
   */
  static HttpClientOptions options(HandoffConfig config) {
    return new HttpClientOptions()
        .setConnectTimeout(Wire.connectTimeoutMillis(config.connectTimeout()))
        .setMaxRedirects(0)
        .setKeepAlive(true)
        .setIdleTimeout(0)
        .setReadIdleTimeout(0)
        .setWriteIdleTimeout(0)
        .setDecompressionSupported(false);
  }
}
