package dev.handoff.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffConfig;
import dev.handoff.spi.Wire;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/** The OkHttp client the graph builds: only what the transport's guarantees depend on. */
class RetrofitModuleTest {

  @Test
  void clientNeverResendsAndLeavesTimingToHandoff() throws Exception {
    HandoffConfig config = Fixtures.config(8080).connectTimeout(Duration.ofMillis(1500)).build();

    OkHttpClient client = RetrofitModule.okHttpClient(config);
    try {
      assertThat(client.connectTimeoutMillis()).isEqualTo(1500);
      assertThat(client.readTimeoutMillis()).isZero();
      assertThat(client.writeTimeoutMillis()).isZero();
      assertThat(client.callTimeoutMillis()).isZero();
      assertThat(client.retryOnConnectionFailure()).isFalse();
      assertThat(client.followRedirects()).isFalse();
      assertThat(client.followSslRedirects()).isFalse();
      assertThat(client.dispatcher().getMaxRequests()).isEqualTo(256);
      assertThat(client.dispatcher().getMaxRequestsPerHost()).isEqualTo(256);
      // Over HTTP/2 OkHttp would re-send a request answered 421 on a coalesced connection.
      assertThat(client.protocols()).containsExactly(Protocol.HTTP_1_1);
      // Wire's headers reach the request as a @HeaderMap parameter (WireService); the network
      // interceptor AnswerChecks only takes OkHttp's own Connection: Keep-Alive out again.
      assertThat(client.interceptors())
          .hasExactlyElementsOfTypes(ResponseSizeLimit.class, HiddenFromOkHttp.Reveal.class);
      assertThat(client.networkInterceptors())
          .hasExactlyElementsOfTypes(HiddenFromOkHttp.Hide.class, AnswerChecks.class);
      // Guarded sockets: a connection holding stray bytes is never reused; the TLS handshake is
      // bounded by the connect timeout.
      assertThat(client.socketFactory().createSocket()).isInstanceOf(GuardedSocket.class);
      assertThat(client.sslSocketFactory()).isInstanceOf(GuardedSslSocketFactory.class);
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void everyBaseHasItsService() {
    HandoffConfig config = Fixtures.config(8080).build();
    OkHttpClient client = RetrofitModule.okHttpClient(config);
    try {
      assertThat(RetrofitModule.services(client, RetrofitModule.moshi(), config))
          .containsOnlyKeys(Wire.Base.values());
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void subMillisecondConnectTimeoutRoundsUp() {
    HandoffConfig config = Fixtures.config(8080).connectTimeout(Duration.ofNanos(1)).build();

    OkHttpClient client = RetrofitModule.okHttpClient(config);

    assertThat(client.connectTimeoutMillis()).isEqualTo(1);
  }
}
