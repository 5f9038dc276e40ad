/**
 * Handoff over Vert.x 5's HTTP client. Exports only {@code dev.handoff.vertx}: {@code VertxHandoff}
 * returns core types and takes an {@code io.vertx.core.Vertx}, hence {@code requires transitive} of
 * both {@code dev.handoff} and {@code io.vertx.core}. Dagger stays an implementation detail.
 */
module dev.handoff.vertx {
  requires transitive dev.handoff;
  requires transitive io.vertx.core;
  // Vert.x core needs Jackson for the JSON bodies (JsonObject, Json.decodeValue), yet requires it
  // only statically: without this, a module-path application fails on its first request.
  requires com.fasterxml.jackson.core;
  // ConnectionGuard sits in each connection's Netty pipeline, between the HTTP codec and Vert.x.
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.codec.http;
  // ContextEngineOptions wraps an application's SSLContext in a Netty JdkSslContext.
  requires io.netty.handler;
  requires dagger;
  requires jakarta.inject;
  // Dagger marks the code it generates @javax.annotation.processing.Generated (source retention).
  requires static java.compiler;

  exports dev.handoff.vertx;

  // Handoff.create(HandoffConfig) finds the transport through it.
  provides dev.handoff.spi.TransportProvider with
      dev.handoff.vertx.VertxTransportProvider;
}
