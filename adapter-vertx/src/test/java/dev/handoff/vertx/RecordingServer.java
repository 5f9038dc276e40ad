package dev.handoff.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A loopback HTTP server (Vert.x, on its own {@code Vertx}) that records every request exactly as
 * it arrived, raw path included, and answers each with the next scripted behaviour (default: 201
 * with a Plivo-like JSON body).
 */
final class RecordingServer implements AutoCloseable {
  static final String DEFAULT_BODY =
      "{\"api_id\":\"faad0293-f5f0-487e-8ff7-b45ba6c45b25\",\"error\":\"\"}";

  /**
   * One request as the server saw it.
   *
   * @param headers by lower-case name
   * @param headerLines {@code name: value}, in the order and spelling they arrived
   */
  record Recorded(
      String method,
      String rawUri,
      Map<String, String> headers,
      List<String> headerLines,
      String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Recorded> untaken = new LinkedBlockingQueue<>();
  private final Queue<Consumer<HttpServerRequest>> script = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
  private final HttpServer server;

  private RecordingServer() {
    server = vertx.createHttpServer().requestHandler(this::handle);
    await(server.listen(0, "127.0.0.1"));
  }

  static RecordingServer start() {
    return new RecordingServer();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** The next request gets this answer. */
  RecordingServer enqueue(int status, String contentType, String body) {
    script.add(
        request ->
            request
                .response()
                .setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .end(body));
    return this;
  }

  /**
   * The next request gets this answer with a chunked body, one HTTP chunk per element of {@code
   * chunks} (the client's decoder hands each chunk over on its own).
   */
  RecordingServer enqueueChunked(int status, String... chunks) {
    script.add(
        request -> {
          HttpServerResponse response =
              request
                  .response()
                  .setStatusCode(status)
                  .putHeader("Content-Type", "application/json")
                  .setChunked(true);
          writeEach(response, chunks, 0);
        });
    return this;
  }

  private static void writeEach(HttpServerResponse response, String[] chunks, int next) {
    if (next == chunks.length) {
      response.end();
      return;
    }
    response.write(chunks[next]).onSuccess(ignored -> writeEach(response, chunks, next + 1));
  }

  /**
   * The next request gets the default answer only once {@code release} has completed, so that a
   * test can do something between the request's arrival and its answer.
   */
  RecordingServer enqueueHeldUntil(CompletionStage<?> release) {
    script.add(
        request ->
            release.whenComplete(
                (ignored, failure) ->
                    request
                        .response()
                        .setStatusCode(201)
                        .putHeader("Content-Type", "application/json")
                        .end(DEFAULT_BODY)));
    return this;
  }

  /** The next request is read and never answered; {@link #connectionClosed()} tells its end. */
  RecordingServer enqueueNoAnswer() {
    script.add(
        request -> request.connection().closeHandler(ignored -> connectionClosed.complete(null)));
    return this;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  int requestCount() {
    return requests.size();
  }

  /** Waits (at most 10 s) for the next request not yet taken. */
  Recorded takeRequest() throws InterruptedException {
    Recorded recorded = untaken.poll(10, TimeUnit.SECONDS);
    if (recorded == null) {
      throw new AssertionError("no request arrived within 10 s");
    }
    return recorded;
  }

  /** Completes when a connection of a no-answer or chunked script was closed by the client. */
  CompletableFuture<Void> connectionClosed() {
    return connectionClosed;
  }

  private void handle(HttpServerRequest request) {
    Map<String, String> headers = new TreeMap<>();
    List<String> headerLines = new ArrayList<>();
    request
        .headers()
        .forEach(
            header -> {
              headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue());
              headerLines.add(header.getKey() + ": " + header.getValue());
            });
    request
        .body()
        .onSuccess(
            body -> {
              Recorded recorded =
                  new Recorded(
                      request.method().name(),
                      request.uri(),
                      Map.copyOf(headers),
                      List.copyOf(headerLines),
                      body.toString(StandardCharsets.UTF_8));
              requests.add(recorded);
              untaken.add(recorded);
              Consumer<HttpServerRequest> next = script.poll();
              if (next == null) {
                request
                    .response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(DEFAULT_BODY);
              } else {
                next.accept(request);
              }
            });
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
