package dev.handoff.bench;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.jdk.JdkHandoff;
import dev.handoff.model.Receipt;
import dev.handoff.retrofit.RetrofitHandoff;
import dev.handoff.spi.Wire;
import dev.handoff.vertx.VertxHandoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.ByteString;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Path;

/** The clients the runner compares, by name, each pointed at the fixed-answer server. */
final class Targets {
  /**
   * Raw OkHttp, configured as the Retrofit transport configures it and as a user tunes it for this
   * load: a dispatcher of {@link #MAX_CONNECTIONS} calls and a pool of as many idle connections.
   */
  static final String OKHTTP = "okhttp";

  /**
   * Retrofit + Moshi with a minimal interface (no Handoff), on the same OkHttp settings: the
   * issue's second reference row, measured so the allocation floor of any Retrofit transport shows.
   */
  static final String RETROFIT_MINIMAL = "retrofit-minimal";

  /** Handoff over Retrofit + OkHttp. */
  static final String RETROFIT = "handoff-retrofit";

  /** Raw Vert.x Web Client, configured as the Vert.x transport configures it. */
  static final String VERTX_WEB_CLIENT = "vertx-web-client";

  /**
   * Raw Vert.x core {@code HttpClientAgent}, configured as the Vert.x transport configures it: the
   * client the transport actually rides on (the Web Client is the named reference).
   */
  static final String VERTX_HTTP_CLIENT = "vertx-http-client";

  /** Handoff over Vert.x core's HTTP client. */
  static final String VERTX = "handoff-vertx";

  /** Handoff over Retrofit with handoff-micrometer's observations into a meter registry. */
  static final String RETROFIT_MICROMETER = "handoff-retrofit+micrometer";

  /** Handoff over Retrofit with handoff-opentelemetry's spans (all sampled) and histogram. */
  static final String RETROFIT_OTEL = "handoff-retrofit+otel";

  /** Handoff over Vert.x with handoff-micrometer's observations into a meter registry. */
  static final String VERTX_MICROMETER = "handoff-vertx+micrometer";

  /** Handoff over Vert.x with handoff-opentelemetry's spans (all sampled) and histogram. */
  static final String VERTX_OTEL = "handoff-vertx+otel";

  /**
   * Handoff over Retrofit with an operation and an attempt interceptor that only pass the chain on:
   * what having interceptors costs, apart from what the observability modules do in them. Not in
   * {@link #ALL}: name it in {@code --targets}.
   */
  static final String RETROFIT_INTERCEPTED = "handoff-retrofit+interceptors";

  /** As {@link #RETROFIT_INTERCEPTED}, over Vert.x. */
  static final String VERTX_INTERCEPTED = "handoff-vertx+interceptors";

  /**
   * Handoff over Vert.x with the {@code +micrometer} configuration plus long-task timers for
   * Handoff's observations ({@code handoff.metrics.long-task-timers=true}): what they cost. Not in
   * {@link #ALL}.
   */
  static final String VERTX_MICROMETER_LTT = "handoff-vertx+micrometer-ltt";

  /** As {@link #VERTX_MICROMETER_LTT}, over Retrofit. */
  static final String RETROFIT_MICROMETER_LTT = "handoff-retrofit+micrometer-ltt";

  /**
   * The JDK's {@code java.net.http.HttpClient} alone, configured as the JDK transport configures
   * it, with a prebuilt request: the reference row of {@link #JDK}.
   */
  static final String JDK_HTTP_CLIENT = "jdk-http-client";

  /** Handoff over the JDK's {@code HttpClient}. */
  static final String JDK = "handoff-jdk";

  /** Handoff over the JDK's {@code HttpClient} with handoff-micrometer's observations. */
  static final String JDK_MICROMETER = "handoff-jdk+micrometer";

  /** Handoff over the JDK's {@code HttpClient} with handoff-opentelemetry's spans and histogram. */
  static final String JDK_OTEL = "handoff-jdk+otel";

  /** As {@link #RETROFIT_INTERCEPTED}, over the JDK's {@code HttpClient}. */
  static final String JDK_INTERCEPTED = "handoff-jdk+interceptors";

  /** The targets that only {@code --targets} names. */
  static final List<String> DIAGNOSTIC =
      List.of(
          RETROFIT_INTERCEPTED,
          VERTX_INTERCEPTED,
          JDK_INTERCEPTED,
          RETROFIT_MICROMETER_LTT,
          VERTX_MICROMETER_LTT);

  /**
   * Plivo's Java SDK 5.46.3 with the dependencies Maven resolves for a project that declares it
   * alone: OkHttp 3.6.0 (through Retrofit 2.2.0, which plivo-java declares before OkHttp 4.12's
   * logging-interceptor), from {@code bench/plivo-sdk-okhttp3}.
   */
  static final String PLIVO_SDK = "plivo-sdk";

  /** Plivo's Java SDK 5.46.3 on OkHttp 4.12, the SDK's build version ({@code bench/plivo-sdk}). */
  static final String PLIVO_SDK_OKHTTP4 = "plivo-sdk-okhttp4";

  /** Every target, raw client before the transport that rides on it. */
  static final List<String> ALL =
      List.of(
          OKHTTP,
          RETROFIT_MINIMAL,
          RETROFIT,
          RETROFIT_MICROMETER,
          RETROFIT_OTEL,
          VERTX_WEB_CLIENT,
          VERTX_HTTP_CLIENT,
          VERTX,
          VERTX_MICROMETER,
          VERTX_OTEL,
          JDK_HTTP_CLIENT,
          JDK,
          JDK_MICROMETER,
          JDK_OTEL,
          PLIVO_SDK,
          PLIVO_SDK_OKHTTP4);

  /** The same pool sizes as both transports (Plivo allows 300 requests per 5 s per account). */
  static final int MAX_CONNECTIONS = 256;

  /**
   * Idle connections the raw OkHttp rows keep: the runner's largest default in-flight level, so
   * that no phase makes them open connections beyond the calls in flight.
   */
  static final int RAW_POOL = 1024;

  /** The SDK client of {@link #PLIVO_SDK}, relocated by {@code bench/plivo-sdk-okhttp3}. */
  private static final String PLIVO_SDK_CLASS = "dev.handoff.bench.sdk3.PlivoSdkClient";

  /** The same client of {@link #PLIVO_SDK_OKHTTP4}, from {@code bench/plivo-sdk}. */
  private static final String PLIVO_SDK_OKHTTP4_CLASS = "dev.handoff.bench.sdk.PlivoSdkClient";

  private Targets() {}

  /**
   * How many connections {@code target} may hold at once in {@code mode} by its own settings, or
   * {@link Integer#MAX_VALUE} when it sets no limit: Handoff's transports run at most {@link
   * #MAX_CONNECTIONS} exchanges (the Retrofit transport's blocking form twice as many: 256 callers
   * on their own threads, more in its dispatcher); raw OkHttp's dispatcher limits its enqueued
   * calls to as many (a blocking {@code execute()} passes the dispatcher by); the raw Vert.x
   * clients' pools hold as many; the JDK's {@code HttpClient} and the SDK's blocking calls set
   * none. BENCHMARKS.md's target: a phase opens no more connections than {@code min(in flight,
   * this)}.
   */
  static int connectionLimit(String target, Phase.Mode mode) {
    if (target.startsWith(RETROFIT) && mode == Phase.Mode.BLOCKING) {
      // 256 callers on their own threads, and further ones queued in the dispatcher's 256.
      return 2 * MAX_CONNECTIONS;
    }
    if (isHandoff(target)
        || target.equals(VERTX_WEB_CLIENT)
        || target.equals(VERTX_HTTP_CLIENT)
        || ((target.equals(OKHTTP) || target.equals(RETROFIT_MINIMAL))
            && mode == Phase.Mode.ASYNC)) {
      return MAX_CONNECTIONS;
    }
    return Integer.MAX_VALUE;
  }

  /** Whether {@code target} is Handoff (over either transport). */
  static boolean isHandoff(String target) {
    return target.startsWith(RETROFIT) || target.startsWith(VERTX) || target.startsWith(JDK);
  }

  /** The uninstrumented Handoff target an instrumented one is compared with, or null. */
  static String uninstrumentedOf(String target) {
    int plus = target.indexOf('+');
    return plus < 0 ? null : target.substring(0, plus);
  }

  /** The raw client {@code target} rides on, or null for a raw client or the SDK. */
  static String rawClientOf(String target) {
    if (target.startsWith(RETROFIT)) {
      return OKHTTP;
    }
    if (target.startsWith(VERTX)) {
      return VERTX_WEB_CLIENT;
    }
    if (target.startsWith(JDK)) {
      return JDK_HTTP_CLIENT;
    }
    if (target.equals(RETROFIT_MINIMAL)) {
      return OKHTTP;
    }
    return null;
  }

  /**
   * Whether {@code target} can be built here (the Vert.x transport may not be on the classpath).
   */
  static boolean available(String target) {
    if (target.equals(PLIVO_SDK)) {
      return classPresent(PLIVO_SDK_CLASS);
    }
    if (target.equals(PLIVO_SDK_OKHTTP4)) {
      return classPresent(PLIVO_SDK_OKHTTP4_CLASS);
    }
    return ALL.contains(target) || DIAGNOSTIC.contains(target);
  }

  private static boolean classPresent(String name) {
    try {
      Class.forName(name, false, Targets.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static Target create(String name, int port) {
    String baseUrl = "http://127.0.0.1:" + port;
    switch (name) {
      case OKHTTP:
        return new OkHttpTarget(baseUrl);
      case RETROFIT_MINIMAL:
        return new RetrofitMinimalTarget(baseUrl);
      case RETROFIT:
        return new HandoffTarget(RetrofitHandoff.create(config(baseUrl)));
      case VERTX_WEB_CLIENT:
        return new VertxWebClientTarget(port);
      case VERTX_HTTP_CLIENT:
        return new VertxHttpClientTarget(port);
      case VERTX:
        return new HandoffTarget(VertxHandoff.create(config(baseUrl)));
      case RETROFIT_MICROMETER:
        return new HandoffTarget(
            RetrofitHandoff.create(Instrumented.observed(baseUrl, "retrofit", false)));
      case RETROFIT_OTEL:
        return new HandoffTarget(RetrofitHandoff.create(Instrumented.traced(baseUrl, "retrofit")));
      case VERTX_MICROMETER:
        return new HandoffTarget(
            VertxHandoff.create(Instrumented.observed(baseUrl, "vertx", false)));
      case VERTX_OTEL:
        return new HandoffTarget(VertxHandoff.create(Instrumented.traced(baseUrl, "vertx")));
      case RETROFIT_MICROMETER_LTT:
        return new HandoffTarget(
            RetrofitHandoff.create(Instrumented.observed(baseUrl, "retrofit", true)));
      case VERTX_MICROMETER_LTT:
        return new HandoffTarget(
            VertxHandoff.create(Instrumented.observed(baseUrl, "vertx", true)));
      case RETROFIT_INTERCEPTED:
        return new HandoffTarget(RetrofitHandoff.create(passThrough(baseUrl)));
      case VERTX_INTERCEPTED:
        return new HandoffTarget(VertxHandoff.create(passThrough(baseUrl)));
      case JDK_HTTP_CLIENT:
        return new JdkHttpClientTarget(baseUrl);
      case JDK:
        return new HandoffTarget(JdkHandoff.create(config(baseUrl)));
      case JDK_MICROMETER:
        return new HandoffTarget(JdkHandoff.create(Instrumented.observed(baseUrl, "jdk", false)));
      case JDK_OTEL:
        return new HandoffTarget(JdkHandoff.create(Instrumented.traced(baseUrl, "jdk")));
      case JDK_INTERCEPTED:
        return new HandoffTarget(JdkHandoff.create(passThrough(baseUrl)));
      case PLIVO_SDK:
        return new SdkTarget(PLIVO_SDK_CLASS, baseUrl);
      case PLIVO_SDK_OKHTTP4:
        return new SdkTarget(PLIVO_SDK_OKHTTP4_CLASS, baseUrl);
      default:
        throw new IllegalArgumentException(
            "unknown target " + name + "; one of " + ALL + " or " + DIAGNOSTIC);
    }
  }

  /** An operation and an attempt interceptor that only proceed. */
  private static HandoffConfig passThrough(String baseUrl) {
    return builder(baseUrl)
        .addOperationInterceptor(chain -> chain.proceed())
        .addAttemptInterceptor(chain -> chain.proceed())
        .build();
  }

  static HandoffConfig config(String baseUrl) {
    return builder(baseUrl).build();
  }

  static HandoffConfig.Builder builder(String baseUrl) {
    return HandoffConfig.builder(Seeds.CREDENTIALS).phloBaseUrl(baseUrl).voiceBaseUrl(baseUrl);
  }

  /** Handoff, any transport: builds and validates the transfer, then sends it. */
  static final class HandoffTarget implements Target {
    private final Handoff handoff;

    HandoffTarget(Handoff handoff) {
      this.handoff = handoff;
    }

    @Override
    public void send() {
      check(handoff.warmTransfer(Seeds.warmTransfer()));
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      return handoff.warmTransferAsync(Seeds.warmTransfer()).thenApply(HandoffTarget::check);
    }

    /** The answer's {@code api_id}, as Handoff read it, must be the fixed answer's. */
    private static Receipt check(Receipt receipt) {
      if (!Seeds.API_ID.equals(receipt.apiId())) {
        throw new IllegalStateException(
            "HTTP " + receipt.status() + " without the fixed answer: api_id " + receipt.apiId());
      }
      return receipt;
    }

    Handoff handoff() {
      return handoff;
    }

    @Override
    public void close() {
      handoff.close();
    }
  }

  /** An OkHttp client with the Retrofit transport's settings. */
  static OkHttpClient okHttpClient() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_CONNECTIONS);
    dispatcher.setMaxRequestsPerHost(MAX_CONNECTIONS);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        // Tuned as a user would for this load: as many idle connections as calls at once (OkHttp's
        // default pool keeps 5, and would open new connections all along at 64 in flight). A
        // blocking execute() passes the dispatcher by, so 1,024 blocking callers hold 1,024
        // connections: the pool keeps that many (with 256 it opened ~2,300 per phase there).
        .connectionPool(new okhttp3.ConnectionPool(RAW_POOL, 5, TimeUnit.MINUTES))
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }

  /** The minimal Retrofit interface for the warm transfer. */
  interface MinimalPhlo {
    @POST("v1/phlo/{phlo_id}/multi_party_call/{node_id}")
    retrofit2.Call<Map<String, Object>> nodeAction(
        @Header("Authorization") String authorization,
        @Header("User-Agent") String userAgent,
        @Path("phlo_id") String phloId,
        @Path("node_id") String nodeId,
        @Body Map<String, String> body);
  }

  /** Retrofit + Moshi alone: the body map encoded, the answer decoded to a map by Moshi. */
  static final class RetrofitMinimalTarget implements Target {
    private final OkHttpClient client = okHttpClient();
    private final MinimalPhlo phlo;
    private final String userAgent = Seeds.userAgent("retrofit-minimal");

    RetrofitMinimalTarget(String baseUrl) {
      this.phlo =
          new Retrofit.Builder()
              .client(client)
              .baseUrl(baseUrl + "/")
              .addConverterFactory(MoshiConverterFactory.create())
              .build()
              .create(MinimalPhlo.class);
    }

    private retrofit2.Call<Map<String, Object>> call() {
      Map<String, String> body = new LinkedHashMap<>(8);
      body.put("action", "warm_transfer");
      body.put("to", Seeds.TO);
      body.put("role", "agent");
      body.put("trigger_source", Seeds.TRIGGER_SOURCE);
      return phlo.nodeAction(Seeds.AUTHORIZATION, userAgent, Seeds.PHLO_ID, Seeds.NODE_ID, body);
    }

    @Override
    public void send() throws IOException {
      check(call().execute());
    }

    /** A 201 whose body Moshi decoded to the fixed answer's {@code api_id}, or an exception. */
    private static Map<String, Object> check(retrofit2.Response<Map<String, Object>> response)
        throws IOException {
      Map<String, Object> body = response.body();
      if (response.code() != 201 || body == null || !Seeds.API_ID.equals(body.get("api_id"))) {
        throw new IOException("HTTP " + response.code() + " without the fixed answer: " + body);
      }
      return body;
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      CompletableFuture<Object> future = new CompletableFuture<>();
      call()
          .enqueue(
              new retrofit2.Callback<Map<String, Object>>() {
                @Override
                public void onResponse(
                    retrofit2.Call<Map<String, Object>> call,
                    retrofit2.Response<Map<String, Object>> response) {
                  try {
                    future.complete(check(response));
                  } catch (IOException e) {
                    future.completeExceptionally(e);
                  }
                }

                @Override
                public void onFailure(retrofit2.Call<Map<String, Object>> call, Throwable t) {
                  future.completeExceptionally(t);
                }
              });
      return future;
    }

    @Override
    public void close() {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * OkHttp alone, with a prebuilt request (the same bytes Handoff sends) and the client settings of
   * the Retrofit transport: 256 requests at once, no retries, no redirects, no read timeout.
   */
  static final class OkHttpTarget implements Target {
    private final OkHttpClient client;
    private final Request request;

    OkHttpTarget(String baseUrl) {
      this.client = okHttpClient();
      this.request =
          new Request.Builder()
              .url(baseUrl + Seeds.PATH)
              .header("Authorization", Seeds.AUTHORIZATION)
              .header("User-Agent", Seeds.userAgent("okhttp"))
              .post(
                  RequestBody.create(
                      ByteString.of(Seeds.BODY), MediaType.get(Wire.JSON_CONTENT_TYPE)))
              .build();
    }

    @Override
    public void send() throws IOException {
      try (Response response = client.newCall(request).execute()) {
        check(response.code(), response.body());
      }
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      CompletableFuture<Object> future = new CompletableFuture<>();
      client
          .newCall(request)
          .enqueue(
              new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                  try (response) {
                    check(response.code(), response.body());
                    future.complete(null);
                  } catch (IOException | RuntimeException e) {
                    future.completeExceptionally(e);
                  }
                }

                @Override
                public void onFailure(Call call, IOException e) {
                  future.completeExceptionally(e);
                }
              });
      return future;
    }

    private static final ByteString API_ID = ByteString.encodeUtf8(Seeds.API_ID);

    /** Reads the body as OkHttp's users do; a 201 must carry the fixed answer's api_id. */
    private static void check(int status, ResponseBody body) throws IOException {
      ByteString answer = body.source().readByteString();
      if (status != 201 || answer.indexOf(API_ID) < 0) {
        throw new IOException("HTTP " + status + " without the fixed answer: " + answer.utf8());
      }
    }

    @Override
    public void close() {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * The Vert.x Web Client alone, on its own {@link Vertx}, with the Vert.x transport's settings
   * (256 connections, no redirects, no decompression) and the same request bytes.
   */
  static final class VertxWebClientTarget implements Target {
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final int port;
    private final Buffer body = Buffer.buffer(Seeds.BODY);
    private final String userAgent = Seeds.userAgent("vertx");

    VertxWebClientTarget(int port) {
      this.port = port;
      this.client =
          WebClient.create(
              vertx,
              new WebClientOptions()
                  .setFollowRedirects(false)
                  .setUserAgentEnabled(false)
                  .setKeepAlive(true)
                  .setDecompressionSupported(false),
              new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    @Override
    public void send() throws Exception {
      Target.await(sendAsync());
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      return client
          .post(port, "127.0.0.1", Seeds.PATH)
          .putHeader("Authorization", Seeds.AUTHORIZATION)
          .putHeader("User-Agent", userAgent)
          .putHeader("Content-Type", Wire.JSON_CONTENT_TYPE)
          .sendBuffer(body)
          .map(VertxWebClientTarget::check)
          .toCompletionStage()
          .toCompletableFuture();
    }

    private static Object check(HttpResponse<Buffer> response) {
      Buffer answer = response.body();
      if (response.statusCode() != 201 || answer == null || !Seeds.isAnswer(answer.getBytes())) {
        throw new IllegalStateException(
            "HTTP " + response.statusCode() + " without the fixed answer: " + answer);
      }
      return answer;
    }

    @Override
    public void close() {
      client.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /**
   * Vert.x core's {@code HttpClientAgent} alone, on its own {@link Vertx}, with the Vert.x
   * transport's settings (HTTP/1.1, 256 connections, no redirects, no decompression, no idle
   * timeouts) and the same request bytes as {@link VertxWebClientTarget}; the body is read, not
   * parsed.
   */
  static final class VertxHttpClientTarget implements Target {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClientAgent client;
    private final int port;
    private final Buffer body = Buffer.buffer(Seeds.BODY);
    private final String userAgent = Seeds.userAgent("vertx");

    VertxHttpClientTarget(int port) {
      this.port = port;
      this.client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setConnectTimeout(5_000)
                  .setMaxRedirects(0)
                  .setKeepAlive(true)
                  .setIdleTimeout(0)
                  .setReadIdleTimeout(0)
                  .setWriteIdleTimeout(0)
                  .setDecompressionSupported(false),
              new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    @Override
    public void send() throws Exception {
      Target.await(sendAsync());
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      return client
          .request(HttpMethod.POST, port, "127.0.0.1", Seeds.PATH)
          .compose(
              request ->
                  request
                      .putHeader("Authorization", Seeds.AUTHORIZATION)
                      .putHeader("User-Agent", userAgent)
                      .putHeader("Content-Type", Wire.JSON_CONTENT_TYPE)
                      .send(body)
                      // The body is asked for in the response's own callback, as the transport
                      // does: from the outer future it could be asked for after it arrived, and
                      // lost (4 in about 300,000 requests, unseen while only the status counted).
                      .compose(VertxHttpClientTarget::check))
          .toCompletionStage()
          .toCompletableFuture();
    }

    private static Future<Buffer> check(HttpClientResponse response) {
      if (response.statusCode() != 201) {
        return Future.failedFuture("HTTP " + response.statusCode());
      }
      return response
          .body()
          .compose(
              answer ->
                  Seeds.isAnswer(answer.getBytes())
                      ? Future.succeededFuture(answer)
                      : Future.failedFuture("HTTP 201 without the fixed answer: " + answer));
    }

    @Override
    public void close() {
      client.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /**
   * The JDK's {@code HttpClient} alone, with the JDK transport's settings (HTTP/1.1, no redirects,
   * a 5 s connect timeout, an executor of daemon threads of its own) and the same request bytes as
   * {@link OkHttpTarget}, prebuilt; the body is read into a byte array and checked, not parsed.
   */
  static final class JdkHttpClientTarget implements Target {
    private final ExecutorService executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "jdk-http-client");
              thread.setDaemon(true);
              return thread;
            });
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    private final HttpRequest request;

    JdkHttpClientTarget(String baseUrl) {
      this.request =
          HttpRequest.newBuilder(URI.create(baseUrl + Seeds.PATH))
              .header("Authorization", Seeds.AUTHORIZATION)
              .header("User-Agent", Seeds.userAgent("jdk"))
              .header("Accept-Encoding", Wire.ACCEPT_ENCODING)
              .header("Content-Type", Wire.JSON_CONTENT_TYPE)
              .POST(HttpRequest.BodyPublishers.ofByteArray(Seeds.BODY))
              .build();
    }

    @Override
    public void send() throws Exception {
      check(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray()));
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      return client
          .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(JdkHttpClientTarget::check);
    }

    private static byte[] check(java.net.http.HttpResponse<byte[]> response) {
      if (response.statusCode() != 201 || !Seeds.isAnswer(response.body())) {
        throw new IllegalStateException(
            "HTTP "
                + response.statusCode()
                + " without the fixed answer, "
                + response.body().length
                + " bytes");
      }
      return response.body();
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /**
   * Plivo's Java SDK (blocking only), loaded from one of its shaded jars through JDK types; the
   * client returns the {@code api_id} the SDK parsed, which must be the fixed answer's.
   */
  static final class SdkTarget implements Target {
    private final Callable<?> client;

    SdkTarget(String clientClass, String baseUrl) {
      try {
        Constructor<?> constructor =
            Class.forName(clientClass)
                .getConstructor(
                    String.class,
                    String.class,
                    String.class,
                    String.class,
                    String.class,
                    String.class,
                    String.class);
        this.client =
            (Callable<?>)
                constructor.newInstance(
                    baseUrl,
                    Seeds.AUTH_ID,
                    Seeds.AUTH_TOKEN,
                    Seeds.PHLO_ID,
                    Seeds.NODE_ID,
                    Seeds.TRIGGER_SOURCE,
                    Seeds.TO);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Plivo's SDK client could not be created", e);
      }
    }

    @Override
    public void send() throws Exception {
      Object apiId = client.call();
      if (!Seeds.API_ID.equals(apiId)) {
        throw new IllegalStateException("the SDK's answer without the fixed api_id: " + apiId);
      }
    }

    @Override
    public CompletableFuture<?> sendAsync() {
      throw new UnsupportedOperationException("Plivo's Java SDK has no asynchronous API");
    }

    @Override
    public boolean hasAsync() {
      return false;
    }

    @Override
    public void close() {}
  }
}
