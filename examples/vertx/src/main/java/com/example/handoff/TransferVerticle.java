package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.NodeId;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.PhloId;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.vertx.VertxHandoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /transfers/warm} with {@code {"agent": "+14152223333", "to": "+14152225555"}}
 * warm-transfers the agent's call to {@code to} and answers 202 {@code {"api_id": ...}}. The
 * handler never blocks its event loop: it uses Handoff's asynchronous form, whose future completes
 * on this verticle's event loop.
 */
public final class TransferVerticle extends VerticleBase {
  private final HandoffConfig config;
  private final PhloId phloId;
  private final NodeId nodeId;
  private final int port;
  private Handoff handoff;
  private HttpServer server;

  /** {@code port} 0 picks a free port; see {@link #actualPort()}. */
  public TransferVerticle(HandoffConfig config, PhloId phloId, NodeId nodeId, int port) {
    this.config = config;
    this.phloId = phloId;
    this.nodeId = nodeId;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    handoff = VertxHandoff.create(vertx, config); // borrows this Vertx, never closes it
    return vertx.createHttpServer()
        .requestHandler(this::handle)
        .listen(port)
        .onSuccess(listening -> server = listening);
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !request.path().equals("/transfers/warm")) {
      reply(request, 404, new JsonObject().put("error", "no such resource"));
      return;
    }
    request.body().onSuccess(body -> {
      WarmTransfer transfer;
      try {
        JsonObject json = body.toJsonObject();
        transfer = WarmTransfer.builder()
            .phloId(phloId).nodeId(nodeId)
            .triggerSource(json.getString("agent")).to(json.getString("to"))
            .build();
      } catch (RuntimeException invalid) { // not JSON, a field missing or invalid: nothing sent
        reply(request, 400, new JsonObject().put("error", String.valueOf(invalid.getMessage())));
        return;
      }
      handoff.warmTransferAsync(transfer) // completes on this verticle's event loop
          .whenComplete((receipt, failure) -> {
            if (failure == null) {
              reply(request, 202, new JsonObject().put("api_id", receipt.apiId()));
            } else {
              HandoffException error = unwrap(failure);
              reply(request, status(error), new JsonObject().put("error", error.getMessage()));
            }
          });
    });
  }

  /** Maps Handoff's failures to this service's HTTP answers. */
  static int status(HandoffException failure) {
    if (failure instanceof NotFoundException) {
      return 404; // the call or member is gone
    }
    if (failure instanceof RejectedException) {
      return 422;
    }
    if (failure instanceof TransportFailureException transport
        && transport.delivery() == Delivery.UNKNOWN) {
      return 504; // Plivo may have performed the transfer: do not simply retry
    }
    return 502;
  }

  private static HandoffException unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof HandoffException handoffFailure) {
      return handoffFailure;
    }
    throw new IllegalStateException("not a Handoff failure", cause);
  }

  private static void reply(HttpServerRequest request, int status, JsonObject body) {
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /** The port the HTTP server listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    handoff.close(); // closes Handoff's HTTP client, never the Vertx
    return Future.succeededFuture();
  }
}
