package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static dev.handoff.testkit.contract.Fixtures.U3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.RetryPolicy;
import dev.handoff.model.Delivery;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

/**
 * Proxies and trust, as every transport must apply them ({@link HandoffConfig#proxy()}, {@link
 * HandoffConfig#trustedCertificates()}, {@link HandoffConfig#sslContext()}): against a {@link
 * FakePlivoServer} {@linkplain FakePlivoServer#startHttps over HTTPS} whose certificate a test CA
 * signs ({@link TestCa}), reached directly or through a real forward proxy on loopback that tunnels
 * {@code https} with {@code CONNECT} ({@link ForwardProxy}) and records each tunnel. The request
 * must arrive through the proxy (with its credentials after a {@code 407} when it asks for them),
 * go around it for a bypassed host, and an untrusted certificate must still be refused before a
 * byte of the request leaves ({@code NOT_SENT}). A transport's tests need {@code
 * org.eclipse.jetty:jetty-server} on their path.
 */
@DisplayNameGeneration(Cases.MethodNames.class)
public abstract class NetworkContract {
  private static final String PROXY_USER = "svc-transfers";
  private static final String PROXY_PASSWORD = "Pr0xy-Pa55w0rd.d1st1nct";
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, U1, U3);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private @Nullable FakePlivoServer server;
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
    server = FakePlivoServer.startHttps(Fixtures.CREDENTIALS, TestCa.serverTls());
    Fixtures.seed(server.model());
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
    ForwardProxy tunnel = proxy();
    try (Handoff handoff =
        createHandoff(
            config()
                .proxy(HttpProxy.of("127.0.0.1", tunnel.port()))
                .trustedCertificates(ca())
                .build())) {
      Receipt receipt = handoff.warmTransfer(WARM);
      assertThat(receipt.apiId()).isNotBlank();
    }
    assertThat(tunnel.tunnels()).containsExactly("127.0.0.1:" + server().baseUrl().getPort());
    assertThat(server().requestCount()).isEqualTo(1);
  }

  @Test
  void aProxyAskingForCredentialsGetsThemAndTunnels() throws Exception {
    assumeTrue(authenticatesToTunnellingProxy(), "the transport cannot authenticate to tunnels");
    ForwardProxy tunnel = proxy(PROXY_USER, PROXY_PASSWORD);
    HttpProxy httpProxy =
        HttpProxy.of("127.0.0.1", tunnel.port()).withCredentials(PROXY_USER, PROXY_PASSWORD);
    try (Handoff handoff =
        createHandoff(config().proxy(httpProxy).trustedCertificates(ca()).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isNotBlank();
    }
    assertThat(tunnel.authorizedTunnels())
        .containsExactly("127.0.0.1:" + server().baseUrl().getPort());
    assertThat(server().requestCount()).isEqualTo(1);
    assertThat(server().takeHttpRequest().header("Authorization"))
        .as("Plivo's credentials, through the tunnel")
        .isEqualTo(Fixtures.BASIC_AUTH);
    assertNoProxyCredentialsReachedTheServer();
  }

  @Test
  void refusedProxyCredentialsFailNotSentWithoutThePassword() throws Exception {
    ForwardProxy tunnel = proxy(PROXY_USER, "the-right-one");
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
    assertThat(((TransportFailureException) failure).delivery())
        .as("the delivery of %s", failure)
        .isEqualTo(Delivery.NOT_SENT);
    assertThat(tunnel.tunnels()).isEmpty();
    assertThat(server().requestCount()).isZero();
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
    ForwardProxy tunnel = proxy();
    HttpProxy httpProxy =
        HttpProxy.of("127.0.0.1", tunnel.port())
            .withCredentials(PROXY_USER, PROXY_PASSWORD)
            .bypassing("127.0.0.1");
    try (Handoff handoff =
        createHandoff(config().proxy(httpProxy).trustedCertificates(ca()).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isNotBlank();
    }
    assertThat(tunnel.tunnels()).isEmpty();
    assertThat(server().requestCount()).isEqualTo(1);
    assertNoProxyCredentialsReachedTheServer();
  }

  @Test
  void trustedCertificatesMakeThePrivateCaTrusted() throws Exception {
    try (Handoff handoff = createHandoff(config().trustedCertificates(ca()).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isNotBlank();
    }
    assertThat(server().requestCount()).isEqualTo(1);
  }

  @Test
  void anSslContextMakesThePrivateCaTrusted() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(ca());
    context.init(null, trust.getTrustManagers(), null);
    try (Handoff handoff = createHandoff(config().sslContext(context).build())) {
      assertThat(handoff.warmTransfer(WARM).apiId()).isNotBlank();
    }
    assertThat(server().requestCount()).isEqualTo(1);
  }

  @Test
  void anUntrustedCertificateIsRefusedBeforeTheRequestLeaves() {
    Throwable failure;
    try (Handoff handoff = createHandoff(config().retryPolicy(RetryPolicy.none()).build())) {
      failure = catchThrowable(() -> handoff.warmTransfer(WARM));
    }
    assertThat(failure).isInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) failure).delivery())
        .as("the delivery of %s", failure)
        .isEqualTo(Delivery.NOT_SENT);
    assertThat(server().requestCount()).isZero();
  }

  @Test
  void anUntrustedCertificateIsRefusedThroughTheProxyToo() throws Exception {
    ForwardProxy tunnel = proxy();
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
    assertThat(((TransportFailureException) failure).delivery())
        .as("the delivery of %s", failure)
        .isEqualTo(Delivery.NOT_SENT);
    assertThat(tunnel.tunnels()).containsExactly("127.0.0.1:" + server().baseUrl().getPort());
    assertThat(server().requestCount()).isZero();
  }

  @Test
  void theApplicationsClientKeepsItsTlsAndSeesEachRequestOnce() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    Handoff handoff =
        createHandoffOverApplicationClient(config().build(), ca(), seen::incrementAndGet);
    assumeTrue(handoff != null, "the transport takes no application client");
    try (handoff) {
      for (int i = 0; i < 3; i++) {
        assertThat(handoff.readNode(new ReadNode(PHLO, NODE)).apiId()).isNotBlank();
      }
    }
    assertThat(server().requestCount()).isEqualTo(3);
    if (applicationClientCountsRequests()) {
      assertThat(seen.get()).isEqualTo(3);
    }
  }

  /** The proxy's credentials are the proxy's: no request reaching Plivo carries them. */
  private void assertNoProxyCredentialsReachedTheServer() {
    assertThat(server().httpRequests())
        .isNotEmpty()
        .allSatisfy(
            request ->
                assertThat(request.header("Proxy-Authorization"))
                    .as("Proxy-Authorization at the server")
                    .isNull());
  }

  /** A configuration reaching the TLS server, trusting nothing but the JVM's defaults. */
  private HandoffConfig.Builder config() {
    URI base = server().baseUrl();
    return HandoffConfig.builder(Fixtures.CREDENTIALS)
        .phloBaseUrl(base)
        .voiceBaseUrl(base)
        .connectTimeout(Duration.ofSeconds(5))
        .timeout(TIMEOUT);
  }

  private FakePlivoServer server() {
    return Objects.requireNonNull(server, "server");
  }

  private ForwardProxy proxy() {
    proxy = ForwardProxy.start();
    return proxy;
  }

  private ForwardProxy proxy(String user, String password) {
    proxy = ForwardProxy.requiring(user, password);
    return proxy;
  }

  /** The test CA's certificate as a key store: what a user loads from a PEM file. */
  protected static KeyStore ca() {
    return TestCa.certificates();
  }

  /**
   * An {@link SSLContext} trusting only {@code store}'s certificates: what an application's own
   * client is built with in {@link #createHandoffOverApplicationClient}.
   */
  protected static SSLContext trusting(KeyStore store) {
    return TestCa.trusting(store);
  }
}
