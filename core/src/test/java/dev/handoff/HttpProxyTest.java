package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.internal.Redactor;
import dev.handoff.model.Credentials;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpProxyTest {
  private static final String PASSWORD = "s3cret-proxy-pass";
  private static final Credentials CREDENTIALS = HandoffConfigTest.CREDENTIALS;

  @Test
  void toStringNeverShowsThePassword() {
    HttpProxy proxy =
        HttpProxy.of("proxy.corp.example", 3128)
            .withCredentials("svc", PASSWORD)
            .bypassing("LocalHost", "*.corp.example");
    assertThat(proxy.toString())
        .isEqualTo(
            "HttpProxy[host=proxy.corp.example, port=3128, user=svc, password=****,"
                + " bypass=[localhost, *.corp.example]]")
        .doesNotContain(PASSWORD);
    HandoffConfig config = HandoffConfig.builder(CREDENTIALS).proxy(proxy).build();
    assertThat(config.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void bypassMatchesExactNamesAndSuffixesIgnoringCase() {
    HttpProxy proxy = HttpProxy.of("p", 1).bypassing("localhost", "*.corp.example", "::1");
    assertThat(proxy.bypasses("LOCALHOST")).isTrue();
    assertThat(proxy.bypasses("a.b.Corp.Example")).isTrue();
    assertThat(proxy.bypasses("corp.example")).isFalse();
    assertThat(proxy.bypasses("api.plivo.com")).isFalse();
    assertThat(proxy.bypasses("[::1]")).isTrue();
    assertThat(proxy.proxySelector().select(URI.create("https://x.corp.example/")))
        .containsExactly(Proxy.NO_PROXY);
    assertThat(proxy.proxySelector().select(URI.create("https://api.plivo.com/")))
        .containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p", 1)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void refusesAPortOutOfRange(int port) {
    assertThatThrownBy(() -> HttpProxy.of("proxy", port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("proxy.port must be 1-65535, was " + port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "http://proxy", "user@proxy", "pro xy"})
  void refusesAHostThatIsNotOne(String host) {
    assertThatThrownBy(() -> HttpProxy.of(host, 8080))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("proxy.host must be a host name or IP address");
  }

  @Test
  void refusesABadUserOrPasswordWithoutQuotingThePassword() {
    assertThatThrownBy(() -> HttpProxy.of("p", 1).withCredentials("a:b", PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("proxy.user must be")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> HttpProxy.of("p", 1).withCredentials("u", PASSWORD + "\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("proxy.password must be at most 256 characters without control characters");
    assertThatThrownBy(() -> new HttpProxy("p", 1, "u", null, java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("proxy.user and proxy.password must be given together");
    assertThatThrownBy(() -> HttpProxy.of("p", 1).bypassing("*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("proxy.bypass[0] must be a host name, or *. followed by one, was \"*\"");
  }

  @Test
  void theRedactorMasksThePasswordAndItsProxyAuthorizationForms() {
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .proxy(HttpProxy.of("p", 1).withCredentials("svc", PASSWORD))
            .build();
    Redactor redactor = Redactor.of(config);
    String basic =
        Base64.getEncoder().encodeToString(("svc:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(redactor.redact("echo " + PASSWORD + " Proxy-Authorization: Basic " + basic))
        .isEqualTo("echo **** Proxy-Authorization: Basic ****");
    assertThat(redactor.redact(HandoffConfigTest.TOKEN)).isEqualTo("****");
  }

  @Test
  void atMostOneTrustSourceAndALoadedStoreWithACertificate() throws Exception {
    KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
    empty.load(null, null);
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).trustedCertificates(empty).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trustedCertificates must hold at least one CA certificate, held none");
    KeyStore unloaded = KeyStore.getInstance(KeyStore.getDefaultType());
    assertThatThrownBy(
            () -> HandoffConfig.builder(CREDENTIALS).trustedCertificates(unloaded).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trustedCertificates must be a loaded KeyStore");
    assertThatThrownBy(
            () ->
                HandoffConfig.builder(CREDENTIALS)
                    .trustedCertificates(empty)
                    .sslContext(SSLContext.getDefault())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trustedCertificates and sslContext must not both be set");
    SSLContext context = SSLContext.getDefault();
    HandoffConfig config = HandoffConfig.builder(CREDENTIALS).sslContext(context).build();
    assertThat(config.sslContext()).isSameAs(context);
    assertThat(config.toBuilder().build().sslContext()).isSameAs(context);
    assertThat(config.trustedCertificates()).isNull();
    assertThat(config.proxy()).isNull();
  }
}
