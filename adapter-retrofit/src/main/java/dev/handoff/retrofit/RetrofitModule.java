package dev.handoff.retrofit;

import com.squareup.moshi.Moshi;
import dagger.Module;
import dagger.Provides;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.Wire;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import retrofit2.Retrofit;

/** Wires Handoff's Retrofit transport from a {@link HandoffConfig}: one OkHttp client per graph. */
@Module
final class RetrofitModule {
  /** Plivo's rate limit is 300 requests per 5 s; OkHttp's defaults (64, 5 per host) would queue. */
  static final int MAX_REQUESTS = 256;

  private RetrofitModule() {}

  /**
   * The one client of the graph. Only the connect timeout is OkHttp's, and it bounds the TLS
   * handshake too ({@link GuardedSslSocket}): read, write and call timeouts are off because {@code
   * Handoff}'s deadline covers the whole operation and cancels the call. OkHttp must never send a
   * request twice on its own (a transfer is not idempotent), so it neither retries on connection
   * failure nor follows redirects, and never sees a 503's {@code Retry-After} ({@link
   * HiddenFromOkHttp}). Its sockets are guarded ({@link ConnectionGuard}): a connection holding
   * bytes nobody asked for is never reused. {@link AnswerChecks} holds each exchange to {@link
   * Wire}'s rules.
   */
  @Provides
  @Singleton
  static OkHttpClient okHttpClient(HandoffConfig config) {
    // OkHttp's own platform TLS: its SSLContext over the JDK's trust store.
    OkHttpClient platform = new OkHttpClient.Builder().build();
    X509TrustManager trustManager = platform.x509TrustManager();
    if (trustManager == null) {
      throw new IllegalStateException("OkHttp's platform has no X509TrustManager");
    }
    return okHttpClient(config, platform.sslSocketFactory(), trustManager);
  }

  /** The client of {@link #okHttpClient(HandoffConfig)}, over the given TLS (tests' own trust). */
  static OkHttpClient okHttpClient(
      HandoffConfig config, SSLSocketFactory tls, X509TrustManager trustManager) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    int connectTimeoutMillis = Wire.connectTimeoutMillis(config.connectTimeout());
    return new OkHttpClient.Builder()
        .sslSocketFactory(new GuardedSslSocketFactory(tls, connectTimeoutMillis), trustManager)
        .socketFactory(GuardedSocket.factory())
        .dispatcher(dispatcher)
        .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .callTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        // HTTP/1.1 only: over HTTP/2 OkHttp re-sends a request answered 421 on a coalesced
        // connection, a second transfer; the Vert.x transport speaks HTTP/1.1 too.
        .protocols(List.of(Protocol.HTTP_1_1))
        .followRedirects(false)
        .followSslRedirects(false)
        .eventListenerFactory(RequestProgress.factory())
        .addInterceptor(new ResponseSizeLimit())
        .addInterceptor(HiddenFromOkHttp.reveal())
        .addNetworkInterceptor(HiddenFromOkHttp.hide())
        .addNetworkInterceptor(new AnswerChecks())
        .build();
  }

  @Provides
  @Singleton
  static Moshi moshi() {
    return new Moshi.Builder().build();
  }

  /**
   * One {@link WireService} per {@link Wire.Base}, each over a Retrofit whose base URL is that
   * base's URL in {@code config}, all sharing {@code client}.
   */
  static Map<Wire.Base, WireService> services(
      OkHttpClient client, Moshi moshi, HandoffConfig config) {
    Map<Wire.Base, WireService> services = new EnumMap<>(Wire.Base.class);
    for (Wire.Base base : Wire.Base.values()) {
      // The canonical form, which core's Wires and their Host header are built from.
      services.put(base, retrofit(client, moshi, base.url(config)).create(WireService.class));
    }
    return services;
  }

  @Provides
  @Singleton
  static CallControl callControl(OkHttpClient client, Moshi moshi, HandoffConfig config) {
    return new RetrofitCallControl(client, services(client, moshi, config), MAX_REQUESTS);
  }

  @Provides
  @Singleton
  static Handoff handoff(CallControl callControl, HandoffConfig config) {
    return Handoff.create(callControl, config);
  }

  private static Retrofit retrofit(OkHttpClient client, Moshi moshi, URI baseUrl) {
    // HandoffConfig drops the trailing slash; Retrofit resolves relative paths against a base that
    // ends with one, which keeps a base path such as https://proxy.example/plivo.
    return new Retrofit.Builder()
        .client(client)
        .baseUrl(HttpUrl.get(baseUrl.toString() + "/"))
        .addConverterFactory(new JsonBodyConverterFactory(moshi))
        .validateEagerly(true)
        .build();
  }
}
