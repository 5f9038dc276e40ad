package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.callbacks.CallbackRequest;
import dev.handoff.callbacks.PlivoXml;
import dev.handoff.callbacks.PlivoXmlDocument;
import dev.handoff.callbacks.SignatureVerifier;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /transfers/warm} with {@code {"agent": "+14152223333", "to": "+14152225555"}}
 * warm-transfers the agent's call to {@code to} and answers 202 {@code {"api_id": ...}}. The
 * handler never blocks its event loop: it uses Handoff's asynchronous form, whose future completes
 * on this verticle's event loop.
 *
 * <p>It is also the target of Voice API call transfers: after {@code transferCall} moves a leg to
 * {@code /plivo/queue} or {@code /plivo/specialist}, Plivo fetches that URL (GET or POST) and runs
 * the XML answered. Each request's V3 signature is checked against the public base URL first (403
 * when not genuine); the XML is written with {@link PlivoXml}, never by hand.
 *
 * <ul>
 *   <li>{@code /plivo/queue}: the caller hears a greeting, then waits in conference {@code queue-7};
 *   <li>{@code /plivo/specialist}: the leg dials the specialist {@code +14152225555}.
 * </ul>
 */
public final class TransferVerticle extends VerticleBase {
  private final HandoffConfig config;
  private final PhloId phloId;
  private final NodeId nodeId;
  private final int port;
  private final String publicBaseUrl;
  private Handoff handoff;
  private HttpServer server;
  private SignatureVerifier verifier;

  /** {@code port} 0 picks a free port; see {@link #actualPort()}. */
  public TransferVerticle(HandoffConfig config, PhloId phloId, NodeId nodeId, int port) {
    this(config, phloId, nodeId, port, null);
  }

  /**
   * @param publicBaseUrl the scheme, host and port Plivo requests this service at ({@code
   *     https://calls.example.com}), which behind a proxy is not what the service sees; null for
   *     {@code http://127.0.0.1:<port>}, a service reached directly (local runs, tests)
   */
  public TransferVerticle(
      HandoffConfig config, PhloId phloId, NodeId nodeId, int port, String publicBaseUrl) {
    this.config = config;
    this.phloId = phloId;
    this.nodeId = nodeId;
    this.port = port;
    this.publicBaseUrl = publicBaseUrl;
  }

  /** The XML for a caller moved to the queue. */
  static PlivoXmlDocument queueXml() {
    return PlivoXml.response()
        .add(PlivoXml.speak("Please hold while we find an agent."))
        .add(PlivoXml.conference("queue-7").waitSound("https://example.com/hold-music.xml"))
        .build();
  }

  /** The XML for a leg moved to the specialist. */
  static PlivoXmlDocument specialistXml() {
    return PlivoXml.response()
        .add(PlivoXml.dial().callerName("Support").number("+14152225555"))
        .build();
  }

  @Override
  public Future<?> start() {
    handoff = VertxHandoff.create(vertx, config); // borrows this Vertx, never closes it
    return vertx.createHttpServer()
        .requestHandler(this::handle)
        .listen(port)
        .onSuccess(listening -> {
          server = listening;
          String base = publicBaseUrl != null
              ? publicBaseUrl : "http://127.0.0.1:" + listening.actualPort();
          verifier = SignatureVerifier.builder(config.credentials()).publicBaseUrl(base).build();
        });
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/plivo/queue")) {
      transferTarget(request, queueXml());
      return;
    }
    if (request.path().equals("/plivo/specialist")) {
      transferTarget(request, specialistXml());
      return;
    }
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

  /** Verifies Plivo's signature, then answers {@code xml}. */
  private void transferTarget(HttpServerRequest request, PlivoXmlDocument xml) {
    request.body().onSuccess(body -> {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : request.headers().names()) {
        headers.put(name, request.headers().getAll(name));
      }
      if (request.method() != HttpMethod.GET && request.method() != HttpMethod.POST) {
        request.response().setStatusCode(405).end();
        return;
      }
      CallbackRequest callback = request.method() == HttpMethod.GET
          ? CallbackRequest.get(request.uri(), headers)
          : CallbackRequest.post(request.uri(), headers, body.toString(StandardCharsets.UTF_8));
      // verify never throws for a bad request: a forgery, a missing header, a bad body.
      if (!verifier.verify(callback).genuine()) {
        request.response().setStatusCode(403).end();
        return;
      }
      request.response()
          .setStatusCode(200)
          .putHeader("Content-Type", PlivoXmlDocument.CONTENT_TYPE)
          .end(xml.xml());
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
