package dev.handoff.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fixed-answer server, run by {@link LoadRunner} in a separate JVM: a Vert.x HTTP server on
 * {@code 127.0.0.1}, port 0, answering every request, after reading its body, with HTTP 201 {@code
 * {"api_id":"…","error":""}}. Prints {@code PORT <port>} on standard output once listening, and
 * stops when its standard input closes (so it cannot outlive the runner). Each line {@code
 * CONNECTIONS} on its standard input gets {@code CONNECTIONS <n>}: how many connections it has
 * accepted so far.
 *
 * <p>Usage: {@code FixedResponseServer [--delay-ms N] [--wrong-answer]}: with a delay, every answer
 * waits N ms (a timer, never a blocked thread), which keeps requests in flight for the scale run;
 * with {@code --wrong-answer} every 201 carries {@link Seeds#WRONG_ANSWER}, another {@code api_id},
 * for the runner's check that every row reads and checks its body.
 */
public final class FixedResponseServer {
  private FixedResponseServer() {}

  /**
   * Starts the server and blocks until standard input closes.
   *
   * @param args {@code [--delay-ms N] [--wrong-answer]}
   * @throws Exception if the server cannot listen
   */
  public static void main(String[] args) throws Exception {
    long delayMs = 0;
    byte[] fixed = Seeds.ANSWER;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--delay-ms")) {
        delayMs = Long.parseLong(args[++i]);
      } else if (args[i].equals("--wrong-answer")) {
        fixed = Seeds.WRONG_ANSWER;
      }
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Buffer answer = Buffer.buffer(fixed);
    String length = String.valueOf(answer.length());
    long delay = delayMs;
    AtomicLong connections = new AtomicLong();
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            // Every accepted connection: the runner asks for the count around each phase.
            .connectionHandler(connection -> connections.incrementAndGet())
            .requestHandler(
                request ->
                    request
                        .body()
                        .onComplete(
                            body -> {
                              if (delay > 0) {
                                vertx.setTimer(delay, id -> answer(request, answer, length));
                              } else {
                                answer(request, answer, length);
                              }
                            }));
    server.listen().toCompletionStage().toCompletableFuture().join();
    System.out.println("PORT " + server.actualPort());
    System.out.flush();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        // Runs until the runner closes our standard input, or dies; answers each count query.
        if (line.equals("CONNECTIONS")) {
          System.out.println("CONNECTIONS " + connections.get());
          System.out.flush();
        }
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static void answer(HttpServerRequest request, Buffer answer, String length) {
    request
        .response()
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .putHeader("Content-Length", length)
        .end(answer);
  }
}
