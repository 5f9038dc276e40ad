package dev.handoff.vertx;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import javax.net.ssl.SSLContext;

/**
 * Vert.x's TLS engine over an application's own {@link SSLContext} ({@link
 * dev.handoff.HandoffConfig#sslContext()}): Vert.x 5 builds each connection's engine from the Netty
 * {@code SslContext} its {@link SSLEngineOptions} makes, and Netty's {@link JdkSslContext} wraps a
 * JDK context as it is, its key and trust managers included. Vert.x still sets the engine's
 * host-name verification and SNI, as with its own engine.
 */
final class ContextEngineOptions extends SSLEngineOptions {
  private final SSLContext context;

  ContextEngineOptions(SSLContext context) {
    this.context = context;
  }

  @Override
  public SSLEngineOptions copy() {
    return new ContextEngineOptions(context);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    // Vert.x hands the factory its own trust and key managers: the context's replace them.
    return () -> new JdkSslContext(context, true, ClientAuth.NONE);
  }
}
