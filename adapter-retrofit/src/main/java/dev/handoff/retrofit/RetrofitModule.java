package dev.handoff.retrofit;

import com.squareup.moshi.Moshi;
import dagger.Module;
import dagger.Provides;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.Wire;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Authenticator;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.jspecify.annotations.Nullable;
import retrofit2.Retrofit;

/** Wires Handoff's Retrofit transport from a {@link HandoffConfig}: one OkHttp client per graph. */
@Module
final class RetrofitModule {
  /** Plivo's rate limit is 300 requests per 5 s; OkHttp's defaults (64, 5 per host) would queue. */
  static final int MAX_REQUESTS = 256;

  /**
   * The most exchanges Handoff's own client runs at once: {@value #MAX_REQUESTS} in the dispatcher
   * and as many blocking callers on their own threads ({@link RetrofitCallControl#sendBlocking}).
   * The pool keeps as many idle connections, so a steady load of any mix reuses its connections
   * instead of opening new ones (a pool of 256 opened 828 connections per phase under 1,024
   * blocking callers: BENCHMARKS.md).
   */
  static final int MAX_EXCHANGES = 2 * MAX_REQUESTS;

  private RetrofitModule() {}

  /**
   * The one client of the graph: derived from the application's ({@link ApplicationClient}) when it
   * brought one, else from Handoff's own ({@link #ownBuilder()}). Only the connect timeout is
   * OkHttp's, and it bounds the TLS handshake too ({@link GuardedSslSocket}): read, write and call
   * timeouts are off because {@code Handoff}'s deadline covers the whole operation and cancels the
   * call. OkHttp must never send a request twice on its own (a transfer is not idempotent), so it
   * neither retries on connection failure nor follows redirects, answers no {@code 401} with an
   * authenticator, serves nothing from a cache, and never sees a 503's {@code Retry-After} ({@link
   * HiddenFromOkHttp}). Its sockets are guarded ({@link ConnectionGuard}): a connection holding
   * bytes nobody asked for is never reused. {@link AnswerChecks} holds each exchange to {@link
   * Wire}'s rules.
   */
  @Provides
  @Singleton
  static OkHttpClient okHttpClient(HandoffConfig config, ApplicationClient application) {
    OkHttpClient base = application.client;
    return base == null ? okHttpClient(config) : derive(base.newBuilder(), config);
  }

  /** Handoff's own client, configured from {@code config}. */
  static OkHttpClient okHttpClient(HandoffConfig config) {
    return derive(ownBuilder(), config);
  }

  /**
   * Handoff's own client's starting point: a dispatcher running {@value #MAX_REQUESTS} calls at
   * once, to any host, and a pool keeping {@value #MAX_EXCHANGES} idle connections, one for each
   * exchange that can run at once (OkHttp's default keeps 5, so a load of 64 in flight opened
   * thousands of connections: BENCHMARKS.md).
   */
  static OkHttpClient.Builder ownBuilder() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(MAX_EXCHANGES, 5, TimeUnit.MINUTES));
  }

  /**
   * {@code builder} (the application's client's, or Handoff's own) with {@code config}'s proxy and
   * TLS, when it has them, and everything Handoff's guarantees need. The builder's own TLS is kept
   * when {@code config} names none.
   */
  private static OkHttpClient derive(OkHttpClient.Builder builder, HandoffConfig config) {
    OkHttpClient current = builder.build(); // the TLS the builder has: its own or the platform's
    SSLSocketFactory tls;
    X509TrustManager trustManager;
    KeyStore trusted = config.trustedCertificates();
    SSLContext context = config.sslContext();
    if (trusted != null) {
      trustManager = trustManager(trusted);
      tls = sslContext(trustManager).getSocketFactory();
    } else if (context != null) {
      tls = context.getSocketFactory();
      // OkHttp wants a trust manager beside the factory only to clean certificate chains for a
      // CertificatePinner; the factory's context verifies the server. A context hides its own.
      trustManager = platformTrustManager();
    } else {
      tls = current.sslSocketFactory();
      trustManager = requireTrustManager(current.x509TrustManager());
    }
    if (tls instanceof GuardedSslSocketFactory guarded) {
      tls = guarded.delegate(); // a client derived from one of Handoff's: guard once
    }
    return enforce(builder, config, tls, trustManager).build();
  }

  /** The client of {@link #okHttpClient(HandoffConfig)}, over the given TLS (tests' own trust). */
  static OkHttpClient okHttpClient(
      HandoffConfig config, SSLSocketFactory tls, X509TrustManager trustManager) {
    return enforce(ownBuilder(), config, tls, trustManager).build();
  }

  private static OkHttpClient.Builder enforce(
      OkHttpClient.Builder builder,
      HandoffConfig config,
      SSLSocketFactory tls,
      X509TrustManager trustManager) {
    int connectTimeoutMillis = Wire.connectTimeoutMillis(config.connectTimeout());
    HttpProxy proxy = config.proxy();
    if (proxy != null) {
      builder
          .proxy(null) // a fixed proxy would win over the selector
          .proxySelector(proxy.proxySelector())
          .proxyAuthenticator(proxyAuthenticator(proxy));
    }
    return builder
        .sslSocketFactory(new GuardedSslSocketFactory(tls, connectTimeoutMillis), trustManager)
        .socketFactory(GuardedSocket.factory())
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
        // An application's authenticator would answer a 401 by sending the transfer again, its
        // cache could answer a read without Plivo, its cookies would change the request's bytes.
        .authenticator(Authenticator.NONE)
        .cache(null)
        .cookieJar(CookieJar.NO_COOKIES)
        .eventListenerFactory(RequestProgress.factory())
        .addInterceptor(new ResponseSizeLimit())
        .addInterceptor(HiddenFromOkHttp.reveal())
        .addNetworkInterceptor(HiddenFromOkHttp.hide())
        .addNetworkInterceptor(new AnswerChecks());
  }

  /**
   * Answers a proxy's {@code 407} to a {@code CONNECT} (or to a plain request, which the proxy did
   * not forward) once with {@code Basic} credentials, and gives up (the {@code 407} is then the
   * attempt's failure) when they were refused or the proxy has none. It ignores OkHttp's preemptive
   * challenge, as the JDK's client sends nothing until asked: credentials go only to a proxy that
   * asks for them.
   */
  static Authenticator proxyAuthenticator(HttpProxy proxy) {
    String user = proxy.user();
    String password = proxy.password();
    if (user == null || password == null) {
      return Authenticator.NONE;
    }
    String credential = okhttp3.Credentials.basic(user, password, StandardCharsets.UTF_8);
    return (route, response) -> {
      if ("OkHttp-Preemptive".equalsIgnoreCase(response.header("Proxy-Authenticate"))
          || response.request().header("Proxy-Authorization") != null) {
        return null;
      }
      return response.request().newBuilder().header("Proxy-Authorization", credential).build();
    };
  }

  /** The trust manager trusting exactly {@code store}'s certificates. */
  static X509TrustManager trustManager(KeyStore store) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK's TrustManagerFactory made no X509TrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "trustedCertificates could not make a trust manager: " + e.getMessage(), e);
    }
  }

  private static SSLContext sslContext(X509TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS SSLContext", e);
    }
  }

  private static X509TrustManager platformTrustManager() {
    return requireTrustManager(new OkHttpClient.Builder().build().x509TrustManager());
  }

  private static X509TrustManager requireTrustManager(@Nullable X509TrustManager manager) {
    if (manager == null) {
      throw new IllegalStateException("OkHttp's platform has no X509TrustManager");
    }
    return manager;
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
  /** The Retrofit transport over the graph's client, closing it only when Handoff built it. */
  static CallControl callControl(
      OkHttpClient client, Moshi moshi, HandoffConfig config, ApplicationClient application) {
    boolean owned = application.client == null;
    int callerSlots = owned ? MAX_REQUESTS : client.dispatcher().getMaxRequests();
    return new RetrofitCallControl(client, services(client, moshi, config), callerSlots, owned);
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
