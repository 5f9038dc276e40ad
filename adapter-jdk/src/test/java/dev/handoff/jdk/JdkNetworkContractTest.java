package dev.handoff.jdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.testkit.contract.NetworkContract;
import java.net.Authenticator;
import java.net.http.HttpClient;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;

/**
 * Proxies and trust over the JDK transport, and over an application's {@code HttpClient.Builder}.
 * Its surefire JVM allows {@code Basic} for tunnels ({@code
 * -Djdk.http.auth.tunneling.disabledSchemes=}), so the proxy-authentication case runs.
 */
class JdkNetworkContractTest extends NetworkContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }

  @Override
  protected boolean authenticatesToTunnellingProxy() {
    return JdkCallControl.tunnelsWithBasic();
  }

  /** The JDK's client has no request hook: only its TLS is checked to be kept. */
  @Override
  protected boolean applicationClientCountsRequests() {
    return false;
  }

  @Override
  protected Handoff createHandoffOverApplicationClient(
      HandoffConfig config, KeyStore trusted, Runnable onRequest) {
    return JdkHandoff.create(HttpClient.newBuilder().sslContext(trusting(trusted)), config);
  }

  /**
   * With an authenticator, the JDK's client drops the {@code Authorization} header (JDK-8326949):
   * every request would meet Plivo's {@code 401}, so the builder is refused before any is sent.
   */
  @Test
  void aBuilderWithAnAuthenticatorIsRefused() {
    HttpClient.Builder builder = HttpClient.newBuilder().authenticator(new Authenticator() {});
    HandoffConfig config =
        HandoffConfig.builder(new Credentials("MAZDJ5NTQ4ODM2YTJLMW", "a-token-of-20-chars!"))
            .build();

    assertThatThrownBy(() -> JdkHandoff.create(builder, config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authenticator")
        .hasMessageContaining("HttpProxy.withCredentials");
  }
}
