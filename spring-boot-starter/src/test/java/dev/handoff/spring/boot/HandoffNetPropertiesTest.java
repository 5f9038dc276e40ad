package dev.handoff.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** handoff.proxy.* and handoff.trust.* become HandoffConfig's proxy and trusted certificates. */
class HandoffNetPropertiesTest {
  /** A self-signed CA, PEM, made for this test with openssl; its key was thrown away. */
  static final Path CA = Path.of("src/test/resources/handoff-test-ca.pem");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(HandoffAutoConfiguration.class))
          .withPropertyValues(
              "handoff.auth-id=" + HandoffAutoConfigurationTest.AUTH_ID,
              "handoff.auth-token=" + HandoffAutoConfigurationTest.AUTH_TOKEN,
              "handoff.transport=jdk");

  @Test
  void noProxyAndTheJvmsTrustByDefault() {
    runner.run(
        context -> {
          HandoffConfig config = context.getBean(HandoffConfig.class);
          assertThat(config.proxy()).isNull();
          assertThat(config.trustedCertificates()).isNull();
        });
  }

  @Test
  void bindsTheProxy() {
    runner
        .withPropertyValues(
            "handoff.proxy.host=proxy.internal",
            "handoff.proxy.port=8080",
            "handoff.proxy.username=svc",
            "handoff.proxy.password=pr0xy-secret",
            "handoff.proxy.non-proxy-hosts=localhost,*.corp.example")
        .run(
            context -> {
              HttpProxy proxy = context.getBean(HandoffConfig.class).proxy();
              assertThat(proxy)
                  .isEqualTo(
                      HttpProxy.of("proxy.internal", 8080)
                          .withCredentials("svc", "pr0xy-secret")
                          .bypassing("localhost", "*.corp.example"));
              assertThat(context.getBean(HandoffProperties.class).toString())
                  .doesNotContain("pr0xy-secret");
            });
  }

  @Test
  void aWrongProxyPortNamesItsProperty() {
    runner
        .withPropertyValues("handoff.proxy.host=proxy.internal", "handoff.proxy.port=70000")
        .run(
            context ->
                assertThat(cause(context.getStartupFailure()).getName())
                    .isEqualTo("handoff.proxy.port"));
  }

  @Test
  void theCaFileBecomesTheTrustedCertificates() {
    runner
        .withPropertyValues("handoff.trust.ca-file=" + CA)
        .run(
            context -> {
              KeyStore store = context.getBean(HandoffConfig.class).trustedCertificates();
              assertThat(store).isNotNull();
              assertThat(Collections.list(store.aliases())).hasSize(1);
              X509Certificate ca =
                  (X509Certificate) store.getCertificate(Collections.list(store.aliases()).get(0));
              assertThat(ca.getSubjectX500Principal().getName()).contains("Handoff test CA");
            });
  }

  @Test
  void aMissingCaFileNamesItsProperty() {
    runner
        .withPropertyValues("handoff.trust.ca-file=/nonexistent/ca.pem")
        .run(
            context ->
                assertThat(cause(context.getStartupFailure()).getName())
                    .isEqualTo("handoff.trust.ca-file"));
  }

  private static InvalidConfigurationPropertyValueException cause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
    assertThat(cause.getMessage()).doesNotContain("pr0xy-secret");
    return (InvalidConfigurationPropertyValueException) cause;
  }
}
