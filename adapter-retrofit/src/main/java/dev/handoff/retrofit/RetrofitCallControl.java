package dev.handoff.retrofit;

import dev.handoff.model.CallTransfer;
import dev.handoff.model.Delivery;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoAnswer;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The {@link CallControl} port over Retrofit and OkHttp: one {@code Call.enqueue} per attempt,
 * completing the future on OkHttp's dispatcher thread. Cancelling a returned future cancels its
 * OkHttp call. Paths, bodies and headers all come from {@link Wire}; no status is interpreted here
 * (that is {@code Handoff}'s job), and no exception but {@link TransportFailureException} ever
 * reaches a future.
 */
final class RetrofitCallControl implements CallControl {
  private final OkHttpClient client;
  private final PhloService phlo;
  private final VoiceService voice;
  private final String authId;
  private final PlivoHeaders headers;
  private final AtomicBoolean closed = new AtomicBoolean();

  RetrofitCallControl(
      OkHttpClient client,
      PhloService phlo,
      VoiceService voice,
      String authId,
      PlivoHeaders headers) {
    this.client = client;
    this.phlo = phlo;
    this.voice = voice;
    this.authId = authId;
    this.headers = headers;
  }

  @Override
  public CompletableFuture<PlivoAnswer> nodeAction(NodeAction action) {
    return send(
        action,
        progress ->
            phlo.nodeAction(
                Wire.pathSegment(action.phloId().value()),
                Wire.pathSegment(action.nodeId().value()),
                Wire.body(action),
                headers.authorization,
                headers.userAgent,
                progress));
  }

  @Override
  public CompletableFuture<PlivoAnswer> memberAction(MemberAction action) {
    return send(
        action,
        progress ->
            phlo.memberAction(
                Wire.pathSegment(action.phloId().value()),
                Wire.pathSegment(action.nodeId().value()),
                Wire.pathSegment(action.member().value()),
                Wire.body(action),
                headers.authorization,
                headers.userAgent,
                progress));
  }

  @Override
  public CompletableFuture<PlivoAnswer> readNode(ReadNode read) {
    return send(
        read,
        progress ->
            phlo.readNode(
                Wire.pathSegment(read.phloId().value()),
                Wire.pathSegment(read.nodeId().value()),
                headers.authorization,
                headers.userAgent,
                progress));
  }

  @Override
  public CompletableFuture<PlivoAnswer> transferCall(CallTransfer transfer) {
    return send(
        transfer,
        progress ->
            voice.transferCall(
                Wire.pathSegment(authId),
                Wire.pathSegment(transfer.callUuid().value()),
                Wire.body(transfer),
                headers.authorization,
                headers.userAgent,
                progress));
  }

  /**
   * Cancels every call in flight, stops the dispatcher's threads and closes idle connections.
   * Idempotent; an operation after it fails with {@link Delivery#NOT_SENT}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client.dispatcher().cancelAll();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "RetrofitCallControl";
  }

  private CompletableFuture<PlivoAnswer> send(
      PlivoRequest request, Function<RequestProgress, Call<ResponseBody>> newCall) {
    String operation = request.operation();
    if (closed.get()) {
      return CompletableFuture.failedFuture(Wire.closedTransport(operation, "retrofit"));
    }
    RequestProgress progress = new RequestProgress();
    Exchange exchange = new Exchange(operation, progress);
    Call<ResponseBody> call;
    try {
      call = newCall.apply(progress);
      call.enqueue(exchange);
    } catch (RuntimeException e) {
      // Retrofit rejected the call before OkHttp saw it: nothing was written.
      exchange.future.completeExceptionally(Wire.transportFailure(operation, e, false));
      return exchange.future;
    }
    exchange.future.whenComplete(
        (answer, failure) -> {
          if (exchange.future.isCancelled()) {
            call.cancel();
          }
        });
    return exchange.future;
  }

  /** One attempt: OkHttp's callback completing the attempt's future. */
  private static final class Exchange implements Callback<ResponseBody> {
    final CompletableFuture<PlivoAnswer> future = new CompletableFuture<>();
    private final String operation;
    private final RequestProgress progress;

    Exchange(String operation, RequestProgress progress) {
      this.operation = operation;
      this.progress = progress;
    }

    @Override
    public void onResponse(Call<ResponseBody> call, Response<ResponseBody> response) {
      @Nullable ResponseBody body =
          response.isSuccessful() ? response.body() : response.errorBody();
      try {
        future.complete(
            Answers.read(response.code(), HiddenRetryAfter.retryAfter(response.raw()), body));
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }

    @Override
    public void onFailure(Call<ResponseBody> call, Throwable failure) {
      fail(failure);
    }

    private void fail(Throwable failure) {
      future.completeExceptionally(classify(failure));
    }

    private TransportFailureException classify(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof AnswerSizeLimit.AnswerTooLargeException tooLarge) {
          return Wire.answerTooLarge(operation, tooLarge.status());
        }
      }
      return Wire.transportFailure(operation, failure, progress.requestMayHaveLeft());
    }
  }
}
