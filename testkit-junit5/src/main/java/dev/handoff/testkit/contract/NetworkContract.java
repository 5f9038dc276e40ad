package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static dev.handoff.testkit.contract.Fixtures.U3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.RetryPolicy;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

/**
 * Proxies and trust, as every transport must apply them ({@link HandoffConfig#proxy()}, {@link
 * HandoffConfig#trustedCertificates()}, {@link HandoffConfig#sslContext()}): against a loopback TLS
 * server whose certificate a test CA signs (the JDK's {@code HttpsServer}), reached directly or
 * through a real forward proxy on loopback that tunnels {@code https} with {@code CONNECT} (Jetty's
 * {@code ConnectHandler}) and records each tunnel. The request must arrive through the proxy (with
 * its credentials after a {@code 407} when it asks for them), go around it for a bypassed host, and
 * an untrusted certificate must still be refused before a byte of the request leaves ({@code
 * NOT_SENT}). A transport's tests need {@code org.eclipse.jetty:jetty-server} on their path.
 */
@DisplayNameGeneration(Cases.MethodNames.class)
public abstract class NetworkContract {
  private static final String STORE_PASSWORD = "changeit";
  private static final String PROXY_USER = "svc-transfers";
  private static final String PROXY_PASSWORD = "Pr0xy-Pa55w0rd.d1st1nct";
  private static final String API_ID = "5d7f5f3a-net-contract";
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, U1, U3);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private @Nullable TlsServer server;
  private @Nullable ForwardProxy proxy;

  /**
   * A Handoff over the transport under test, configured from {@code config} alone (as {@code
   * RetrofitHandoff.create(config)} does).
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  /**
   * A Handoff over a client the application built with the transport's own API ({@code
   * RetrofitHandoff.create(okHttpClient, config)} ...), or null for a transport that takes none.
   * The application's client must trust {@code trusted} (its own TLS, which {@code config}, naming
   * none, must keep) and, where the client has a hook for it (an OkHttp interceptor), call {@code
   * onRequest} once for each request it sends; see {@link #applicationClientCountsRequests()}.
   */
  protected @Nullable Handoff createHandoffOverApplicationClient(
      HandoffConfig config, KeyStore trusted, Runnable onRequest) {
    return null;
  }

  /**
   * Whether the client of {@link #createHandoffOverApplicationClient} calls {@code onRequest}: a
   * transport whose client options hold no request hook (Vert.x's {@code HttpClientOptions})
   * answers false, and only its TLS is checked to be kept.
   */
  protected boolean applicationClientCountsRequests() {
    return true;
  }

  /**
   * Whether the transport can authenticate to a proxy that tunnels {@code https}: the JDK's client
   * sends {@code Basic} credentials in a {@code CONNECT} only in a JVM started with {@code
   * -Djdk.http.auth.tunneling.disabledSchemes=} (its default disables it), so the JDK transport
   * answers what its JVM allows.
   */
  protected boolean authenticatesToTunnellingProxy() {
    return true;
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new TlsServer();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void theRequestGoesThroughTheProxysTunnel() throws Exception {
    ForwardProxy tunnel = proxy(null);
    try (Handoff handoff =
        createHandoff(
            config()
                .proxy(HttpProxy.of("127.0.0.1", tunnel.port()))
                .trustedCertificates(ca())
                .build())) {
      Receipt receipt = handoff.warmTransfer(WARM);
      assertThat(receipt.apiId()).isEqualTo(API_ID);
    }
    assertThat(tunnel.tunnels).containsExactly("127.0.0.1:" + server().port());
    assertThat(server().requests.get()).isEqualTo(1);
  }

  @Test
  void aProxyAskingForCredentialsGetsThemAndTunnels() throws Exception {
    assumeTrue(authenticatesToTunnellingProxy(), "the transport cannot authenticate to tunnels");
    ForwardProxy tunnel = proxy(PROXY_USER + ":" + PROXY_PASSWORD);
    HttpProxy httpProxy =
        HttpProxy.of("127.0.0.1", tunnel.port()).withCredentials(PROXY_USER, PROXY_PASSWORD);
    try (Handoff handoff =
        createHandoff(config().proxy(httpProxy).trustedCertificates(ca()).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo(API_ID);
    }
    assertThat(tunnel.authorized).containsExactly("127.0.0.1:" + server().port());
    assertThat(server().requests.get()).isEqualTo(1);
  }

  @Test
  void refusedProxyCredentialsFailNotSentWithoutThePassword() throws Exception {
    ForwardProxy tunnel = proxy(PROXY_USER + ":the-right-one");
    HttpProxy httpProxy =
        HttpProxy.of("127.0.0.1", tunnel.port()).withCredentials(PROXY_USER, PROXY_PASSWORD);
    HandoffConfig config =
        config().proxy(httpProxy).trustedCertificates(ca()).retryPolicy(RetryPolicy.none()).build();
    Throwable failure;
    try (Handoff handoff = createHandoff(config)) {
      failure = catchThrowable(() -> handoff.warmTransfer(WARM));
      assertThat(handoff.toString()).doesNotContain(PROXY_PASSWORD);
    }
    assertThat(failure).isInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(tunnel.tunnels).isEmpty();
    assertThat(server().requests.get()).isZero();
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String basic =
        Base64.getEncoder()
            .encodeToString((PROXY_USER + ":" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(trace.toString()).doesNotContain(PROXY_PASSWORD).doesNotContain(basic);
    assertThat(config.toString()).doesNotContain(PROXY_PASSWORD);
  }

  @Test
  void aBypassedHostIsReachedDirectly() throws Exception {
    ForwardProxy tunnel = proxy(null);
    HttpProxy httpProxy = HttpProxy.of("127.0.0.1", tunnel.port()).bypassing("127.0.0.1");
    try (Handoff handoff =
        createHandoff(config().proxy(httpProxy).trustedCertificates(ca()).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo(API_ID);
    }
    assertThat(tunnel.tunnels).isEmpty();
    assertThat(server().requests.get()).isEqualTo(1);
  }

  @Test
  void trustedCertificatesMakeThePrivateCaTrusted() throws Exception {
    try (Handoff handoff = createHandoff(config().trustedCertificates(ca()).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo(API_ID);
    }
    assertThat(server().requests.get()).isEqualTo(1);
  }

  @Test
  void anSslContextMakesThePrivateCaTrusted() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(ca());
    context.init(null, trust.getTrustManagers(), null);
    try (Handoff handoff = createHandoff(config().sslContext(context).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo(API_ID);
    }
    assertThat(server().requests.get()).isEqualTo(1);
  }

  @Test
  void anUntrustedCertificateIsRefusedBeforeTheRequestLeaves() {
    Throwable failure;
    try (Handoff handoff = createHandoff(config().retryPolicy(RetryPolicy.none()).build())) {
      failure = catchThrowable(() -> handoff.warmTransfer(WARM));
    }
    assertThat(failure).isInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(server().requests.get()).isZero();
  }

  @Test
  void anUntrustedCertificateIsRefusedThroughTheProxyToo() throws Exception {
    ForwardProxy tunnel = proxy(null);
    HandoffConfig config =
        config()
            .proxy(HttpProxy.of("127.0.0.1", tunnel.port()))
            .retryPolicy(RetryPolicy.none())
            .build();
    Throwable failure;
    try (Handoff handoff = createHandoff(config)) {
      failure = catchThrowable(() -> handoff.warmTransfer(WARM));
    }
    assertThat(failure).isInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(tunnel.tunnels).containsExactly("127.0.0.1:" + server().port());
    assertThat(server().requests.get()).isZero();
  }

  @Test
  void theApplicationsClientKeepsItsTlsAndSeesEachRequestOnce() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    Handoff handoff =
        createHandoffOverApplicationClient(config().build(), ca(), seen::incrementAndGet);
    assumeTrue(handoff != null, "the transport takes no application client");
    try (handoff) {
      for (int i = 0; i < 3; i++) {
        assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo(API_ID);
      }
    }
    assertThat(server().requests.get()).isEqualTo(3);
    if (applicationClientCountsRequests()) {
      assertThat(seen.get()).isEqualTo(3);
    }
  }

  /** A configuration reaching the TLS server, trusting nothing but the JVM's defaults. */
  private HandoffConfig.Builder config() {
    URI base = URI.create("https://127.0.0.1:" + server().port());
    return HandoffConfig.builder(Fixtures.CREDENTIALS)
        .phloBaseUrl(base)
        .voiceBaseUrl(base)
        .connectTimeout(Duration.ofSeconds(5))
        .timeout(TIMEOUT);
  }

  private TlsServer server() {
    return Objects.requireNonNull(server, "server");
  }

  private ForwardProxy proxy(@Nullable String credentials) throws Exception {
    proxy = new ForwardProxy(credentials);
    return proxy;
  }

  /** The test CA's certificate as a key store: what a user loads from a PEM file. */
  protected static KeyStore ca() {
    try (InputStream pem = resource("network-ca.pem")) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An {@link SSLContext} trusting only {@code store}'s certificates: what an application's own
   * client is built with in {@link #createHandoffOverApplicationClient}.
   */
  protected static SSLContext trusting(KeyStore store) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = NetworkContract.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    return in;
  }

  /** The JDK's HTTPS server on loopback with the test CA's server certificate, answering 200. */
  private static final class TlsServer implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    TlsServer() throws Exception {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = resource("network-server.p12")) {
        keys.load(in, STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      server.setExecutor(executor);
      byte[] answer =
          ("{\"api_id\": \"" + API_ID + "\", \"error\": \"\"}").getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              requests.incrementAndGet();
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, answer.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
              }
            }
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /**
   * Jetty's forward proxy on loopback: it tunnels each {@code CONNECT} it accepts and records its
   * target; with credentials, it answers {@code 407} with a {@code Basic} challenge until the
   * {@code CONNECT} carries them, and records the tunnels so authorised.
   */
  private static final class ForwardProxy implements AutoCloseable {
    final List<String> tunnels = new CopyOnWriteArrayList<>();
    final List<String> authorized = new CopyOnWriteArrayList<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    ForwardProxy(@Nullable String credentials) throws Exception {
      String expected =
          credentials == null
              ? null
              : "Basic "
                  + Base64.getEncoder()
                      .encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(
          new ConnectHandler() {
            @Override
            protected boolean handleAuthentication(
                Request request, Response response, String address) {
              if (expected == null) {
                return true;
              }
              if (expected.equals(request.getHeaders().get("Proxy-Authorization"))) {
                authorized.add(address);
                return true;
              }
              response.getHeaders().put("Proxy-Authenticate", "Basic realm=\"handoff-test\"");
              return false;
            }

            @Override
            protected void onConnectSuccess(ConnectContext context, UpstreamConnection upstream) {
              tunnels.add(context.getRequest().getHttpURI().getAuthority());
              super.onConnectSuccess(context, upstream);
            }
          });
      server.start();
    }

    int port() {
      return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.stop();
    }
  }
}
