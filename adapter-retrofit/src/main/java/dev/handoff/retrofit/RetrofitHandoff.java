package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Creates a {@link Handoff} that talks to Plivo over Retrofit 3 and OkHttp 5.
 *
 * <pre>{@code
 * HandoffConfig config = HandoffConfig.of(Credentials.fromEnvironment());
 * try (Handoff handoff = RetrofitHandoff.create(config)) {
 *   Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
 *       .phloId(phloId).nodeId(nodeId)
 *       .triggerSource("+14152223333").to("+14152225555")
 *       .build());
 * }
 * }</pre>
 *
 * <p>Each {@code Handoff} owns one OkHttp client (its connection pool and dispatcher threads, up to
 * 256 concurrent requests in the dispatcher and 256 blocking callers on their own threads, and 512
 * idle connections kept for 5 minutes, one for each exchange that can run at once) until {@link
 * Handoff#close()}: create one and share it. To share the application's own client, see {@link
 * #create(OkHttpClient, HandoffConfig)}. {@link HandoffConfig#proxy()}, {@link
 * HandoffConfig#trustedCertificates()} and {@link HandoffConfig#sslContext()} apply as on every
 * transport; without a proxy of its own the client honours the JVM's default {@code ProxySelector}.
 * The asynchronous forms never block; their futures complete on OkHttp's dispatcher threads, so
 * keep dependent stages short or move them to your own executor. The blocking forms run the HTTP
 * exchange on the calling thread ({@code Call.execute()}), up to 256 callers at once; further
 * callers' requests queue in the dispatcher with the asynchronous ones. OkHttp never re-sends a
 * request by itself and follows no redirect, and a connection holding bytes nobody asked for is
 * never reused; {@link HandoffConfig#connectTimeout()} bounds each connection attempt's TCP connect
 * and, separately, its TLS handshake, and {@link HandoffConfig#timeout()} the whole operation.
 *
 * <p>{@link Handoff#close()} cancels the calls in flight, shuts the client's dispatcher down (its
 * {@code OkHttp Dispatcher} threads end) and evicts its pooled connections. One kind of thread
 * outlives it: OkHttp 5 runs connection-pool housekeeping on its {@code OkHttp TaskRunner} threads,
 * which belong to one {@code TaskRunner} shared by every OkHttp client in the JVM (OkHttp offers no
 * per-client one), and Okio's one {@code Okio Watchdog} thread times TLS handshakes; they end by
 * themselves after 60 seconds without work.
 */
public final class RetrofitHandoff {
  private RetrofitHandoff() {}

  /**
   * A {@link Handoff} sending through a new OkHttp client configured from {@code config}.
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static Handoff create(HandoffConfig config) {
    Objects.requireNonNull(config, "config == null");
    return DaggerRetrofitComponent.factory().create(config, ApplicationClient.NONE).handoff();
  }

  /**
   * A {@link Handoff} sending through a client derived from the application's own ({@code
   * client.newBuilder()}): it shares {@code client}'s connection pool and dispatcher (so its
   * limits: {@code Dispatcher.getMaxRequests()} calls at once), and keeps its interceptors
   * (application interceptors see each attempt once, before Handoff's own), proxy, proxy
   * authenticator, DNS, TLS (socket factory, trust manager, hostname verifier, certificate pinner,
   * connection specs) and event listener's absence. It overrides what Handoff's guarantees need: no
   * retry on connection failure, no redirects, HTTP/1.1 only, no authenticator (a {@code 401} is
   * never answered by sending again), no cache, no cookies, Handoff's connect timeout and no read,
   * write or call timeout (the operation's deadline stands for them), its own event listener and
   * socket factories (wrapping {@code client}'s TLS socket factory); and {@code config}'s proxy and
   * TLS, when it has them, replace {@code client}'s. {@code client} itself is not changed. {@link
   * Handoff#close()} aborts this Handoff's calls and leaves {@code client}'s dispatcher, pool and
   * other calls alone: shut them down yourself when the application ends.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Handoff create(OkHttpClient client, HandoffConfig config) {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(config, "config == null");
    return DaggerRetrofitComponent.factory()
        .create(config, new ApplicationClient(client))
        .handoff();
  }
}
