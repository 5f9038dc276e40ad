package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.HttpProxy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalOptionsTest {
  @Test
  void aShortDeadlineGetsAConnectTimeoutThatLeavesRoomForTheRetries() {
    assertThat(GlobalOptions.connectTimeout(Duration.ofSeconds(6), null))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aLongDeadlineKeepsTheLibrarysDefault() {
    assertThat(GlobalOptions.connectTimeout(Duration.ofSeconds(20), null)).isNull();
    assertThat(GlobalOptions.connectTimeout(null, null)).isNull();
  }

  @Test
  void anExplicitConnectTimeoutWins() {
    assertThat(GlobalOptions.connectTimeout(Duration.ofSeconds(6), Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void proxyUrlsGiveHostPortAndCredentials() {
    assertThat(GlobalOptions.proxy("http://proxy.corp:3128", null))
        .isEqualTo(HttpProxy.of("proxy.corp", 3128));
    assertThat(GlobalOptions.proxy("http://svc:p%40ss@127.0.0.1:8080/", null))
        .isEqualTo(HttpProxy.of("127.0.0.1", 8080).withCredentials("svc", "p@ss"));
    assertThat(GlobalOptions.proxy("http://svc@127.0.0.1:8080", "from-env"))
        .isEqualTo(HttpProxy.of("127.0.0.1", 8080).withCredentials("svc", "from-env"));
  }

  @Test
  void aBadProxyUrlIsRefusedWithoutItsPassword() {
    for (String url :
        new String[] {
          "https://u:Secr3tPw@proxy:1", "http://u:Secr3tPw@proxy", "u:Secr3tPw@proxy:1"
        }) {
      assertThatThrownBy(() -> GlobalOptions.proxy(url, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--proxy must be http://[user[:password]@]host:port, was ")
          .hasMessageNotContaining("Secr3tPw")
          .hasNoCause();
    }
    assertThatThrownBy(() -> GlobalOptions.proxy("http://u@proxy:1", null))
        .hasMessageContaining(GlobalOptions.PROXY_PASSWORD_VARIABLE);
  }

  @Test
  void aCaFileBecomesTrustedCertificates(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("ca.pem");
    try (InputStream in = GlobalOptionsTest.class.getResourceAsStream("/test-ca.pem")) {
      Files.write(pem, in.readAllBytes());
    }
    KeyStore store = GlobalOptions.trustedCertificates(pem);
    assertThat(store.size()).isEqualTo(1);
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> GlobalOptions.trustedCertificates(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--ca-file must hold PEM certificates");
  }
}
