package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.NetworkContract;
import java.net.http.HttpClient;
import java.security.KeyStore;

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
}
