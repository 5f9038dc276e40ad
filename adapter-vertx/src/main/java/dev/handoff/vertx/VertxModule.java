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
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

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

  /**
   * The HTTP client. Every connection gets an exception handler: without one, Vert.x writes a
   * {@code SEVERE} record for each failure of a connection (a reset, an answer that is not HTTP, an
   * answer nobody asked for); the failure also reaches each exchange on that connection, through
   * its own request and response, which report it, and the connection closes. And every connection
   * gets a {@link ConnectionGuard} where it can: interim answers skipped, answers nobody asked for
   * dropped with their connection.
   */
  @Provides
  @Singleton
  static HttpClientAgent httpClient(
      Vertx vertx, HandoffConfig config, ApplicationOptions application) {
    return httpClient(vertx, config, application.options, true);
  }

  static HttpClientAgent httpClient(Vertx vertx, HandoffConfig config) {
    return httpClient(vertx, config, null, true);
  }

  /** The HTTP client, with each connection guarded when {@code guard} (a test's choice) allows. */
  static HttpClientAgent httpClient(Vertx vertx, HandoffConfig config, boolean guard) {
    return httpClient(vertx, config, null, guard);
  }

  /**
   * The HTTP client over {@code base}'s options (the application's) or Handoff's own. Its pool
   * keeps as many connections per host as it allows requests at once ({@value
   * #MAX_CONNECTIONS_PER_HOST}), all of them kept alive for reuse.
   */
  private static HttpClientAgent httpClient(
      Vertx vertx, HandoffConfig config, @Nullable HttpClientOptions base, boolean guard) {
    return vertx
        .httpClientBuilder()
        .with(options(config, base))
        .with(new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST))
        .withConnectHandler(
            connection -> {
              connection.exceptionHandler(Exchange.IGNORE);
              if (guard) {
                ConnectionGuard.install(connection);
              }
            })
        .build();
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
   *
   * <p>The TLS handshake is part of connecting: it gets {@link HandoffConfig#connectTimeout()} too
   * (Vert.x's default is 10 s, whatever the connect timeout), and since Vert.x hands over a request
   * only once its connection is ready, a handshake that fails or times out fails the attempt before
   * a byte of the request was written: {@code NOT_SENT}, and retried.
   */
  static HttpClientOptions options(HandoffConfig config) {
    return options(config, null);
  }

  /**
   * {@link #options(HandoffConfig)} over a copy of the application's options: what Handoff's
   * guarantees need overrides them (docs/transports.md lists what is kept), and {@code config}'s
   * proxy and TLS, when it has them, replace the application's.
   */
  static HttpClientOptions options(HandoffConfig config, @Nullable HttpClientOptions base) {
    int connectTimeoutMillis = Wire.connectTimeoutMillis(config.connectTimeout());
    HttpClientOptions options =
        base == null ? new HttpClientOptions() : new HttpClientOptions(base);
    if (config.proxy() != null) {
      // Each request names the proxy, or none for a host it bypasses (VertxCallControl.Origin).
      options.setProxyOptions(null);
    }
    KeyStore trusted = config.trustedCertificates();
    SSLContext context = config.sslContext();
    if (trusted != null) {
      options.setTrustOptions(TrustOptions.wrap(trustManagerFactory(trusted)));
    } else if (context != null) {
      options.setSslEngineOptions(new ContextEngineOptions(context));
    }
    return options
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setHttp2ClearTextUpgrade(false)
        .setPipelining(false)
        .setConnectTimeout(connectTimeoutMillis)
        .setSslHandshakeTimeout(connectTimeoutMillis)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxRedirects(0)
        .setKeepAlive(true)
        .setIdleTimeout(0)
        .setReadIdleTimeout(0)
        .setWriteIdleTimeout(0)
        .setDecompressionSupported(false);
  }

  private static TrustManagerFactory trustManagerFactory(KeyStore store) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "trustedCertificates could not make a trust manager: " + e.getMessage(), e);
    }
  }
}
