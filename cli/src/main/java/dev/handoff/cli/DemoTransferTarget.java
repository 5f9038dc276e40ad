package dev.handoff.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.callbacks.CallbackRequest;
import dev.handoff.callbacks.PlivoXml;
import dev.handoff.callbacks.PlivoXmlDocument;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.callbacks.Verification;
import dev.handoff.model.Credentials;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WebhookUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's own transfer target: a small application endpoint on {@code 127.0.0.1} (the JDK's
 * {@link HttpServer}, an ephemeral port) that answers the XML each leg of the demo's call runs
 * after the call transfer, as a real application would: it checks Plivo's V3 signature with {@link
 * SignatureVerifier} (403 when not genuine) and writes the XML with {@link PlivoXml}.
 *
 * <ul>
 *   <li>{@code GET /aleg.xml}: the caller waits in the queue's conference, {@code queue-7};
 *   <li>{@code GET /bleg.xml}: the agent's leg dials the specialist {@link DemoCommand#TARGET}.
 * </ul>
 */
final class DemoTransferTarget implements AutoCloseable {
  static final String CONFERENCE = "queue-7";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final SignatureVerifier verifier;
  private final String base;
  private final AtomicInteger refused = new AtomicInteger();

  private DemoTransferTarget(Credentials credentials) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("the demo's transfer target could not listen", e);
    }
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    // The URL Plivo requests is the configured one: the demo has no proxy in between.
    verifier = SignatureVerifier.builder(credentials).publicBaseUrl(base).build();
    server.createContext(
        "/aleg.xml",
        exchange ->
            answer(
                exchange,
                PlivoXml.response()
                    .add(PlivoXml.speak("Please hold while we connect you."))
                    .add(PlivoXml.conference(CONFERENCE))
                    .build()));
    server.createContext(
        "/bleg.xml",
        exchange ->
            answer(
                exchange,
                PlivoXml.response()
                    .add(
                        PlivoXml.dial()
                            .callerName("Handoff demo")
                            .number(DemoCommand.TARGET.value()))
                    .build()));
    server.setExecutor(executor);
    server.start();
  }

  static DemoTransferTarget start(Credentials credentials) {
    return new DemoTransferTarget(credentials);
  }

  WebhookUrl aLegUrl() {
    return WebhookUrl.of(base + "/aleg.xml", UrlMethod.GET);
  }

  WebhookUrl bLegUrl() {
    return WebhookUrl.of(base + "/bleg.xml", UrlMethod.GET);
  }

  /** How many requests failed the signature check. */
  int refused() {
    return refused.get();
  }

  private void answer(HttpExchange exchange, PlivoXmlDocument document) throws IOException {
    try (exchange) {
      Map<String, List<String>> headers = exchange.getRequestHeaders();
      CallbackRequest request = CallbackRequest.get(exchange.getRequestURI().toString(), headers);
      Verification verification = verifier.verify(request);
      if (!exchange.getRequestMethod().equals("GET") || !verification.genuine()) {
        refused.incrementAndGet();
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      byte[] body = document.utf8();
      exchange.getResponseHeaders().set("Content-Type", PlivoXmlDocument.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
