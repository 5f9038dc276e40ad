package dev.handoff.testkit.jdk;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * A reference transport over the JDK's {@link HttpClient}, in test sources only: it proves that the
 * contract suites pass for a correct transport. Uses {@link Wire} for paths, bodies, headers and
 * failure classification, as every transport must.
 */
final class JdkCallControl implements CallControl {
  static final String NAME = "jdk";

  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Object> ANY = MOSHI.adapter(Object.class);
  private static final JsonAdapter<Map<String, String>> BODY =
      MOSHI.adapter(Types.newParameterizedType(Map.class, String.class, String.class));

  private final HandoffConfig config;
  private final ExecutorService executor;
  private final HttpClient client;

  private JdkCallControl(HandoffConfig config) {
    this.config = config;
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "jdk-call-control");
              thread.setDaemon(true);
              return thread;
            });
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  static Handoff handoff(HandoffConfig config) {
    return Handoff.create(new JdkCallControl(config), config);
  }

  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    HttpRequest.Builder request = HttpRequest.newBuilder(wire.uri());
    wire.headers()
        .forEach(
            (name, value) -> {
              // Host is a header the JDK's client sets itself (from the same canonical URL) and
              // refuses from the caller.
              if (!name.equals("Host")) {
                request.header(name, value);
              }
            });
    Map<String, String> body = wire.body();
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", Wire.JSON_CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofString(BODY.toJson(body), StandardCharsets.UTF_8));
    }
    return send(wire, request.build());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void close() {
    // JDK 17's HttpClient cannot be closed; its selector thread ends once it is unreachable.
    executor.shutdownNow();
  }

  private CompletableFuture<PlivoResponse> send(Wire wire, HttpRequest request) {
    CompletableFuture<PlivoResponse> result = new CompletableFuture<>();
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange = client.sendAsync(request, info -> new LimitedBody(wire, info.statusCode()));
    } catch (RuntimeException e) {
      result.completeExceptionally(wire.failure(e, Delivery.NOT_SENT));
      return result;
    }
    exchange.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            result.completeExceptionally(classify(wire, failure));
          } else if (!Wire.hasUsableContentLength(response.headers().allValues("Content-Length"))) {
            result.completeExceptionally(
                wire.failure(
                    new java.net.ProtocolException("ambiguous Content-Length"), Delivery.UNKNOWN));
          } else {
            result.complete(answer(response));
          }
        });
    result.whenComplete(
        (answer, failure) -> {
          if (result.isCancelled()) {
            exchange.cancel(true); // JDK 16+: aborts the exchange
          }
        });
    return result;
  }

  private static TransportFailureException classify(Wire wire, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TransportFailureException transport) {
      return transport;
    }
    // The JDK's connect timeout is not a SocketTimeoutException; nothing was written yet.
    return wire.failure(
        cause, cause instanceof HttpConnectTimeoutException ? Delivery.NOT_SENT : Delivery.UNKNOWN);
  }

  private static PlivoResponse answer(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String retryAfter = Wire.retryAfter(response.headers().allValues("Retry-After"));
    byte[] body = response.body();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return PlivoResponse.text(status, retryAfter, "");
    }
    if (!Wire.isJsonCandidate(body, 0, body.length)) {
      return PlivoResponse.text(status, retryAfter, text);
    }
    try {
      return PlivoResponse.json(status, retryAfter, ANY.fromJson(text));
    } catch (IOException | RuntimeException notJson) {
      return PlivoResponse.text(status, retryAfter, text);
    }
  }

  /** Reads at most {@link Wire#MAX_RESPONSE_BYTES}; a longer body fails and is not read further. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final Wire wire;
    private final int status;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBody(Wire wire, int status) {
      this.wire = wire;
      this.status = status;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (bytes.size() + (long) item.remaining() > Wire.MAX_RESPONSE_BYTES) {
          subscription.cancel();
          body.completeExceptionally(wire.responseTooLarge(status));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
