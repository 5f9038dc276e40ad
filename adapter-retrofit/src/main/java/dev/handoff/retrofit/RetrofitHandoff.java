package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import java.util.Objects;

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
 * 256 concurrent requests) until {@link Handoff#close()}: create one and share it. The asynchronous
 * forms never block; their futures complete on OkHttp's dispatcher threads, so keep dependent
 * stages short or move them to your own executor. The blocking forms run the HTTP exchange on the
 * calling thread ({@code Call.execute()}), up to 256 callers at once; further callers' requests
 * queue in the dispatcher with the asynchronous ones. OkHttp never re-sends a request by itself and
 * follows no redirect, and a connection holding bytes nobody asked for is never reused; {@link
 * HandoffConfig#connectTimeout()} bounds each connection attempt's TCP connect and, separately, its
 * TLS handshake, and {@link HandoffConfig#timeout()} the whole operation.
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
    return DaggerRetrofitComponent.factory().create(config).handoff();
  }
}
