package dev.handoff.testkit.jdk;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
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
  public CompletableFuture<PlivoResponse> nodeAction(NodeAction action) {
    return post(
        action.operation(),
        config.phloBaseUrl(),
        Wire.nodePath(action.phloId(), action.nodeId()),
        Wire.body(action));
  }

  @Override
  public CompletableFuture<PlivoResponse> memberAction(MemberAction action) {
    return post(
        action.operation(), config.phloBaseUrl(), Wire.memberPath(action), Wire.body(action));
  }

  @Override
  public CompletableFuture<PlivoResponse> readNode(ReadNode read) {
    HttpRequest request =
        request(config.phloBaseUrl(), Wire.nodePath(read.phloId(), read.nodeId())).GET().build();
    return send(read.operation(), request);
  }

  @Override
  public CompletableFuture<PlivoResponse> transferCall(CallTransfer transfer) {
    return post(
        transfer.operation(),
        config.voiceBaseUrl(),
        Wire.callPath(config.credentials().authId(), transfer.callUuid()),
        Wire.body(transfer));
  }

  @Override
  public void close() {
    // JDK 17's HttpClient cannot be closed; its selector thread ends once it is unreachable.
    executor.shutdownNow();
  }

  private CompletableFuture<PlivoResponse> post(
      String operation, URI base, String path, Map<String, String> body) {
    HttpRequest request =
        request(base, path)
            .header("Content-Type", Wire.JSON_CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(BODY.toJson(body), StandardCharsets.UTF_8))
            .build();
    return send(operation, request);
  }

  private HttpRequest.Builder request(URI base, String path) {
    return HttpRequest.newBuilder(URI.create(base + "/" + path))
        .header("Authorization", Wire.basicAuth(config.credentials()))
        .header("User-Agent", Wire.userAgent(NAME));
  }

  private CompletableFuture<PlivoResponse> send(String operation, HttpRequest request) {
    CompletableFuture<PlivoResponse> result = new CompletableFuture<>();
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange = client.sendAsync(request, info -> new LimitedBody(operation, info.statusCode()));
    } catch (RuntimeException e) {
      result.completeExceptionally(Wire.transportFailure(operation, e, false));
      return result;
    }
    exchange.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            result.completeExceptionally(classify(operation, failure));
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

  private static TransportFailureException classify(String operation, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TransportFailureException transport) {
      return transport;
    }
    // The JDK's connect timeout is not a SocketTimeoutException; nothing was written yet.
    return Wire.transportFailure(operation, cause, !(cause instanceof HttpConnectTimeoutException));
  }

  private static PlivoResponse answer(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return PlivoResponse.text(status, retryAfter, "");
    }
    try {
      return PlivoResponse.json(status, retryAfter, ANY.fromJson(text));
    } catch (IOException | RuntimeException notJson) {
      return PlivoResponse.text(status, retryAfter, text);
    }
  }

  /** Reads at most {@link Wire#MAX_RESPONSE_BYTES}; a longer body fails and is not read further. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final String operation;
    private final int status;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBody(String operation, int status) {
      this.operation = operation;
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
          body.completeExceptionally(Wire.responseTooLarge(operation, status));
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
