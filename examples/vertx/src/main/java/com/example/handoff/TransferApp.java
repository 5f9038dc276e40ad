package com.example.handoff;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import io.vertx.core.Vertx;

/** Runs {@link TransferVerticle} on port 8080, with credentials, ids and the public base
 * URL ({@code PUBLIC_BASE_URL}) from the environment. */
public final class TransferApp {
  private TransferApp() {}

  public static void main(String[] args) {
    HandoffConfig config = HandoffConfig.of(Credentials.fromEnvironment());
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new TransferVerticle(config,
        PhloId.of(System.getenv("PHLO_ID")), NodeId.of(System.getenv("NODE_ID")), 8080,
        // The URL Plivo requests, e.g. https://calls.example.com behind a TLS-terminating proxy.
        System.getenv("PUBLIC_BASE_URL")));
  }
}
