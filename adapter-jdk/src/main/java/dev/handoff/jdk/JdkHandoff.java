package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Creates a {@link Handoff} that talks to Plivo through the JDK's own {@link
 * java.net.http.HttpClient}: no dependency beyond {@code handoff-core}, for applications that want
 * neither Kotlin (OkHttp) nor Netty (Vert.x) on their class path.
 *
 * <pre>{@code
 * try (Handoff handoff = JdkHandoff.create(HandoffConfig.of(Credentials.fromEnvironment()))) {
 *   Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
 *       .phloId(phloId).nodeId(nodeId)
 *       .triggerSource("+14152223333").to("+14152225555")
 *       .build());
 * }
 * }</pre>
 *
 * <p>With this module alone on the class path, {@link Handoff#create(HandoffConfig)} finds it too
 * (its name is {@code "jdk"}).
 *
 * <p>Each {@code Handoff} owns one {@code HttpClient} and its executor ({@code handoff-jdk-*}
 * daemon threads, on which the asynchronous forms' futures complete: keep dependent stages short or
 * move them to your own executor), and runs up to 256 exchanges at once (later ones wait their
 * turn). The asynchronous forms send with {@code sendAsync}; the blocking forms run {@code
 * HttpClient.send} on the calling thread, which spares the client's extra hand-off to its executor
 * (much the faster way on this transport: BENCHMARKS.md). Requests go over HTTP/1.1; the client
 * follows no redirect; {@link HandoffConfig#connectTimeout()} bounds each connection attempt and
 * {@link HandoffConfig#timeout()} the whole operation. Cancelling a future the Handoff returned
 * aborts its HTTP exchange. A response body over 1 MiB is not read. The JDK's client keeps an
 * unbounded pool of idle connections (each for 20 minutes by default, {@code
 * jdk.httpclient.keepalive.timeout}): at most the 256 in flight are ever open at once.
 *
 * <p>{@link HandoffConfig#proxy()}, {@link HandoffConfig#trustedCertificates()} and {@link
 * HandoffConfig#sslContext()} apply as on every transport, with one limit: the JDK disables {@code
 * Basic} authentication for {@code CONNECT} tunnels ({@code
 * jdk.http.auth.tunneling.disabledSchemes=Basic} in its {@code net.properties}, read once), and
 * drops an application's own {@code Proxy-Authorization} header from a tunnel by the same rule, so
 * this transport authenticates to a proxy tunnelling {@code https} only in a JVM started with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=}; elsewhere such a proxy's {@code 407} fails
 * the attempt as not sent. It sends the proxy's credentials with the {@code CONNECT} itself (a
 * {@code Proxy-Authorization} header the client never forwards to the server), not through an
 * {@code Authenticator}: with one, the client would drop Plivo's {@code Authorization}. A proxy
 * that needs no credentials, or plain {@code http}, works as on the other transports.
 *
 * <p>What the JDK's client does that no per-client setting turns off, and the other transports do
 * not: it sends an idempotent {@code GET} (a node read) once more by itself when its connection
 * closes before any byte of the answer; it tries a refused connection once more before failing
 * (nothing was sent either time); it writes its own request head ({@code Host} and the header order
 * are its own); and before Java 19 it adds {@code Content-Length: 0} to a {@code GET}. The bytes of
 * each header and body are Handoff's, as on every transport.
 *
 * <p>{@link Handoff#close()} aborts the exchanges in flight and ends the executor's threads. On
 * Java 21 and later it also shuts the client down ({@code HttpClient.shutdownNow()}); on Java 17 to
 * 20, which have no such method, the client's selector thread ({@code
 * HttpClient-*-SelectorManager}) and its idle connections end once the closed Handoff is garbage
 * collected.
 */
public final class JdkHandoff {
  private JdkHandoff() {}

  /**
   * A {@link Handoff} sending through a new {@code HttpClient} configured from {@code config}.
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static Handoff create(HandoffConfig config) {
    Objects.requireNonNull(config, "config == null");
    return create(new JdkCallControl(config), config);
  }

  /**
   * A {@link Handoff} sending through a client built from the application's own {@code builder}.
   * Kept: what the builder was given of its proxy, TLS ({@code sslContext}, {@code sslParameters}),
   * cookie handler, local address and priority. Overridden, for Handoff's guarantees: HTTP/1.1, no
   * redirects, Handoff's connect timeout, its own executor (the JDK's builder cannot be read, and
   * Handoff ends its threads on close), and {@code config}'s proxy and TLS when it has them. The
   * builder is changed and used once: do not build other clients from it afterwards. A cookie
   * handler the builder holds would add {@code Cookie} headers: leave it out.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the builder holds an {@code Authenticator}: with one, the
   *     JDK's client drops the {@code Authorization} header Handoff sends Plivo (JDK-8326949), so
   *     every request would be refused {@code 401}; give a proxy's credentials to {@link
   *     dev.handoff.HttpProxy#withCredentials} instead
   */
  public static Handoff create(HttpClient.Builder builder, HandoffConfig config) {
    Objects.requireNonNull(builder, "builder == null");
    Objects.requireNonNull(config, "config == null");
    return create(new JdkCallControl(config, builder), config);
  }

  private static Handoff create(JdkCallControl transport, HandoffConfig config) {
    try {
      return Handoff.create(transport, config);
    } catch (RuntimeException | Error e) {
      transport.close();
      throw e;
    }
  }
}
