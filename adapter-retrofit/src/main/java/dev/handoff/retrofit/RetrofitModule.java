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
   * The one client of the graph. Only the connect timeout is OkHttp's: read, write and call
   * timeouts are off because {@code Handoff}'s deadline covers the whole operation and cancels the
   * call. OkHttp must never send a request twice on its own (a transfer is not idempotent), so it
   * neither retries on connection failure nor follows redirects, and never sees a 503's {@code
   * Retry-After} ({@link HiddenRetryAfter}).
   */
  @Provides
  @Singleton
  static OkHttpClient okHttpClient(HandoffConfig config) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(Wire.connectTimeoutMillis(config.connectTimeout()), TimeUnit.MILLISECONDS)
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
        .addNetworkInterceptor(new HiddenRetryAfter())
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
      URI baseUrl =
          switch (base) {
            case PHLO -> config.phloBaseUrl();
            case VOICE -> config.voiceBaseUrl();
          };
      services.put(base, retrofit(client, moshi, baseUrl).create(WireService.class));
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
