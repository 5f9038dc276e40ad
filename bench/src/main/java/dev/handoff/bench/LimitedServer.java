package dev.handoff.bench;

import dev.handoff.RateLimit;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fleet benchmark's Plivo: a fixed-answer server (as {@link FixedResponseServer}, in its own
 * JVM) that enforces an account rate limit as Plivo does, counted across every client: at most N
 * accepted requests in any window (a sliding log, on this JVM's clock), a 429 {@code
 * {"api_id":…,"error":"too many requests"}} without {@code Retry-After} beyond it. It also counts
 * what the benchmark reports: requests accepted and refused, duplicates (an accepted body it
 * accepted before: the same transfer sent twice) and the budget used.
 *
 * <p>{@code GET /bench/stats} answers one line {@code accepted=… limited=… duplicates=… used=…
 * peak=…}; {@code POST /bench/reset} starts the count again. Prints {@code PORT <port>} once
 * listening, stops when standard input closes. Usage: {@code LimitedServer --limit 60/1s}.
 */
public final class LimitedServer {
  private final RateLimit limit;
  private final ArrayDeque<Long> window = new ArrayDeque<>();
  private final List<Long> acceptedAt = new ArrayList<>();
  private final Set<String> bodies = new HashSet<>();
  private long limited;
  private long duplicates;
  private int peak;

  private LimitedServer(RateLimit limit) {
    this.limit = limit;
  }

  /**
   * Starts the server and blocks until standard input closes.
   *
   * @param args {@code --limit N/DURATION}
   * @throws Exception if the server cannot listen
   */
  public static void main(String[] args) throws Exception {
    RateLimit limit = RateLimit.parse("60/1s");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--limit")) {
        limit = RateLimit.parse(args[++i]);
      }
    }
    LimitedServer state = new LimitedServer(limit);
    // One event loop: every request is counted on one thread, in the order it arrived.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Buffer answer = Buffer.buffer(Seeds.ANSWER);
    Buffer refusal =
        Buffer.buffer(
            "{\"api_id\":\"2f1c5a0e-7d3b-4c9a-8e6f-5a4b3c2d1e0f\",\"error\":\"too many requests\"}");
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(
                request ->
                    request
                        .body()
                        .onComplete(
                            body -> {
                              String path = request.path();
                              if (path.equals("/bench/stats")) {
                                reply(request, 200, Buffer.buffer(state.stats()));
                              } else if (path.equals("/bench/reset")) {
                                state.reset();
                                reply(request, 200, Buffer.buffer("reset"));
                              } else if (state.admit(body.result().toString())) {
                                reply(request, 201, answer);
                              } else {
                                reply(request, 429, refusal);
                              }
                            }));
    server.listen().toCompletionStage().toCompletableFuture().join();
    System.out.println("PORT " + server.actualPort());
    System.out.flush();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // Runs until the coordinator closes our standard input, or dies.
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private boolean admit(String body) {
    long now = System.nanoTime();
    long length = limit.window().toNanos();
    while (!window.isEmpty() && now - window.peekFirst() >= length) {
      window.pollFirst();
    }
    if (window.size() >= limit.permits()) {
      limited++;
      return false;
    }
    window.addLast(now);
    peak = Math.max(peak, window.size());
    acceptedAt.add(now);
    if (!bodies.add(body)) {
      duplicates++;
    }
    return true;
  }

  private void reset() {
    window.clear();
    acceptedAt.clear();
    bodies.clear();
    limited = 0;
    duplicates = 0;
    peak = 0;
  }

  /**
   * The counts, and the budget used: the requests accepted in each whole window from the first
   * accepted one, over the windows' capacity (the last, partial window left out).
   */
  private String stats() {
    double used = 0;
    if (!acceptedAt.isEmpty()) {
      long first = acceptedAt.get(0);
      long length = limit.window().toNanos();
      long whole = (acceptedAt.get(acceptedAt.size() - 1) - first) / length;
      if (whole == 0) {
        used = (double) acceptedAt.size() / limit.permits();
      } else {
        long inWhole = acceptedAt.stream().filter(t -> t - first < whole * length).count();
        used = (double) inWhole / (whole * limit.permits());
      }
    }
    return String.format(
        Locale.ROOT,
        "accepted=%d limited=%d duplicates=%d used=%.4f peak=%d",
        acceptedAt.size(),
        limited,
        duplicates,
        used,
        peak);
  }

  private static void reply(HttpServerRequest request, int status, Buffer body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Content-Length", String.valueOf(body.length()))
        .end(body);
  }
}
