package dev.handoff.vertx;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.util.Objects;

/**
 * Creates a {@link Handoff} that talks to Plivo through Vert.x's HTTP client. Its requests never
 * block a thread: the asynchronous forms ({@code warmTransferAsync} ...) complete their futures on
 * a Vert.x event loop, and may be called from one. Called on an event-loop context (a verticle's),
 * of this {@code Vertx} or another, an operation is retried on that context and its future
 * completes on it, whatever happens: an answer, a retry, its deadline. The blocking forms ({@code
 * warmTransfer} ...) throw {@link IllegalStateException} at once when called on an event loop; on a
 * worker or virtual-thread context they work as anywhere else.
 *
 * <p>Called from a thread of no Vert.x context (an application's own: a servlet container's, a
 * pool's, {@code main}), every exchange of one {@code Handoff} runs on one event loop, which its
 * connections then live on, and the futures complete there: about 45-55 k requests per second on
 * the 2-core machine of {@code BENCHMARKS.md}, far above Plivo's own API limit. Call from your
 * verticles to spread transfers over event loops.
 *
 * <p>With a {@code Vertx} of its own, from a plain application:
 *
 * <pre>{@code
 * try (Handoff handoff = VertxHandoff.create(HandoffConfig.of(Credentials.fromEnvironment()))) {
 *   Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
 *       .phloId(phloId).nodeId(nodeId)
 *       .triggerSource("+14152223333").to("+14152225555")
 *       .build());
 * }
 * }</pre>
 *
 * <p>Inside a Vert.x application, sharing its {@code Vertx}, from a verticle:
 *
 * <pre>{@code
 * public final class TransferVerticle extends VerticleBase {
 *   private Handoff handoff;
 *
 *   public Future<?> start() {
 *     handoff = VertxHandoff.create(vertx, HandoffConfig.of(Credentials.fromEnvironment()));
 *     vertx.eventBus().<String>consumer("transfer.warm", message ->
 *         handoff.warmTransferAsync(WarmTransfer.builder()
 *                 .phloId(phloId).nodeId(nodeId)
 *                 .triggerSource(message.body()).to("+14152225555")
 *                 .build())
 *             // runs on this verticle's event loop
 *             .whenComplete((receipt, failure) -> {
 *               if (failure == null) {
 *                 message.reply(receipt.apiId());
 *               } else {
 *                 message.fail(500, failure.getMessage());
 *               }
 *             }));
 *     return super.start();
 *   }
 *
 *   public Future<?> stop() {
 *     handoff.close(); // closes the HTTP client only; the verticle's Vertx stays up
 *     return super.stop();
 *   }
 * }
 * }</pre>
 *
 * <p>{@link HandoffConfig#proxy()}, {@link HandoffConfig#trustedCertificates()} and {@link
 * HandoffConfig#sslContext()} apply as on every transport. Every factory keeps up to 256
 * connections per Plivo host (as many as it runs requests at once), follow no redirects, use {@link
 * HandoffConfig#connectTimeout()} for each connection attempt and leave every other time limit to
 * {@link HandoffConfig#timeout()}. Cancelling a future the Handoff returned aborts its HTTP
 * exchange.
 */
public final class VertxHandoff {
  private VertxHandoff() {}

  /**
   * A Handoff with a {@code Vertx} of its own, created now and closed by {@link Handoff#close()}
   * (which waits up to 10 seconds for its threads to stop, unless called on a Vert.x thread).
   * Closing may start Netty's JVM-wide {@code globalEventExecutor} thread, which is shared and ends
   * by itself after a second without work.
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static Handoff create(HandoffConfig config) {
    Objects.requireNonNull(config, "config == null");
    Vertx vertx = Vertx.vertx();
    try {
      return create(vertx, config, VertxOwnership.OWNED);
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * A Handoff over the caller's {@code Vertx}, which it borrows: {@link Handoff#close()} closes
   * only the HTTP client it created, never {@code vertx}. Close the Handoff before {@code vertx}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Handoff create(Vertx vertx, HandoffConfig config) {
    Objects.requireNonNull(vertx, "vertx == null");
    Objects.requireNonNull(config, "config == null");
    return create(vertx, config, VertxOwnership.BORROWED);
  }

  /**
   * A Handoff over the caller's {@code Vertx} (borrowed, as {@link #create(Vertx, HandoffConfig)})
   * and an HTTP client made from a copy of the application's {@code options}: a {@code
   * WebClientOptions} is taken as the {@code HttpClientOptions} it extends (its Web Client fields,
   * such as its user agent, do not apply). Kept: the options' proxy, TLS (trust, key certificates,
   * engine, host-name verification, protocols, cipher suites), local and network settings (TCP
   * options, DNS, metrics name, ...). Overridden, for Handoff's guarantees: HTTP/1.1 only, no
   * pipelining, no redirects, no decompression, keep-alive on, Handoff's connect and TLS handshake
   * timeouts and no idle timeouts (the operation's deadline stands for them), and {@code config}'s
   * proxy and TLS, when it has them. The pool keeps up to 256 connections per host (Vert.x 5 keeps
   * pool sizes in {@code PoolOptions}, not in these options). {@code options} itself is not
   * changed; {@link Handoff#close()} closes only the client made here.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Handoff create(Vertx vertx, HttpClientOptions options, HandoffConfig config) {
    Objects.requireNonNull(vertx, "vertx == null");
    Objects.requireNonNull(options, "options == null");
    Objects.requireNonNull(config, "config == null");
    return DaggerVertxComponent.factory()
        .create(config, vertx, VertxOwnership.BORROWED, new ApplicationOptions(options))
        .handoff();
  }

  private static Handoff create(Vertx vertx, HandoffConfig config, VertxOwnership ownership) {
    return DaggerVertxComponent.factory()
        .create(config, vertx, ownership, ApplicationOptions.NONE)
        .handoff();
  }
}
