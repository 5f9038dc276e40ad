package dev.handoff.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffConfig;
import io.vertx.core.http.HttpClientOptions;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP client's options as {@link VertxModule} derives them from a configuration. */
class VertxModuleTest {
  private static final URI LOCAL = URI.create("http://127.0.0.1:8080");

  @Test
  void connectTimeoutIsTheConfiguredOne() {
    HttpClientOptions options =
        VertxModule.options(
            Fixtures.config(LOCAL).toBuilder().connectTimeout(Duration.ofMillis(1500)).build());

    assertThat(options.getConnectTimeout()).isEqualTo(1500);
  }

  @Test
  void connectTimeoutDefaultsToFiveSeconds() {
    HttpClientOptions options = VertxModule.options(HandoffConfig.of(Fixtures.CREDENTIALS));

    assertThat(options.getConnectTimeout()).isEqualTo(5000);
  }

  @Test
  void subMillisecondConnectTimeoutIsRoundedUpNotToNettysNoTimeout() {
    HttpClientOptions options =
        VertxModule.options(
            Fixtures.config(LOCAL).toBuilder().connectTimeout(Duration.ofNanos(1)).build());

    assertThat(options.getConnectTimeout()).isEqualTo(1);
  }

  @Test
  void noRedirectsNoIdleTimeoutsNoDecompression() {
    HttpClientOptions options = VertxModule.options(Fixtures.config(LOCAL));

    assertThat(options.getMaxRedirects()).isZero();
    assertThat(options.getIdleTimeout()).isZero();
    assertThat(options.getReadIdleTimeout()).isZero();
    assertThat(options.isDecompressionSupported()).isFalse();
  }
}
