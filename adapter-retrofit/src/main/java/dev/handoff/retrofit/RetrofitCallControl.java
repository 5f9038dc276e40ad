package dev.handoff.retrofit;

import dev.handoff.model.CallTransfer;
import dev.handoff.model.Delivery;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The {@link CallControl} port over Retrofit and OkHttp: one {@code Call.enqueue} per attempt,
 * completing the future on OkHttp's dispatcher thread, or one {@code Call.execute()} on the
 * caller's thread for {@code Handoff}'s blocking forms ({@link #sendBlocking}). Cancelling a
 * returned future cancels its OkHttp call. Paths, bodies and headers all come from {@link Wire}; no
 * status is interpreted here (that is {@code Handoff}'s job), and no exception but {@link
 * TransportFailureException} ever reaches a future.
 */
final class RetrofitCallControl implements CallControl {
  private final OkHttpClient client;
  private final PhloService phlo;
  private final VoiceService voice;
  private final String authId;
  private final PlivoHeaders headers;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Callers that may run an exchange on their own thread now ({@link #sendBlocking}). */
  private final Semaphore callerSlots;

  RetrofitCallControl(
      OkHttpClient client,
      PhloService phlo,
      VoiceService voice,
      String authId,
      PlivoHeaders headers,
      int callerSlots) {
    this.client = client;
    this.callerSlots = new Semaphore(callerSlots);
    this.phlo = phlo;
    this.voice = voice;
    this.authId = authId;
    this.headers = headers;
  }

  @Override
  public CompletableFuture<PlivoResponse> nodeAction(NodeAction action) {
    return send(action);
  }

  @Override
  public CompletableFuture<PlivoResponse> memberAction(MemberAction action) {
    return send(action);
  }

  @Override
  public CompletableFuture<PlivoResponse> readNode(ReadNode read) {
    return send(read);
  }

  @Override
  public CompletableFuture<PlivoResponse> transferCall(CallTransfer transfer) {
    return send(transfer);
  }

  /**
   * Runs the exchange on the calling thread ({@code Call.execute()}), for {@code Handoff}'s
   * blocking forms: no hand-off to a dispatcher thread and back. At most {@code callerSlots}
   * callers ({@value RetrofitModule#MAX_REQUESTS}, as many as the dispatcher runs) do so at once;
   * beyond that a caller's request queues in the dispatcher like an asynchronous one, and the
   * caller waits for it.
   */
  @Override
  public PlivoResponse sendBlocking(PlivoRequest request, CompletionStage<?> abort) {
    if (closed.get()) {
      throw Wire.closedTransport(request.operation(), PlivoHeaders.TRANSPORT);
    }
    if (!callerSlots.tryAcquire()) {
      return CallControl.super.sendBlocking(request, abort);
    }
    try {
      Exchange exchange = new Exchange(request.operation());
      Call<ResponseBody> call = exchange.newCall(request);
      // Handoff completes abort only to stop the attempt; OkHttp's cancel makes execute() throw.
      abort.whenComplete((ignored, failure) -> call.cancel());
      Response<ResponseBody> response;
      try {
        response = call.execute();
      } catch (IOException | RuntimeException e) {
        throw exchange.classify(e);
      }
      return exchange.answer(response);
    } finally {
      callerSlots.release();
    }
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

  private CompletableFuture<PlivoResponse> send(PlivoRequest request) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(
          Wire.closedTransport(request.operation(), PlivoHeaders.TRANSPORT));
    }
    Exchange exchange = new Exchange(request.operation());
    try {
      Call<ResponseBody> call = exchange.newCall(request);
      exchange.call = call; // before the future leaves this method, so cancel() always sees it
      call.enqueue(exchange);
    } catch (RuntimeException e) {
      // Retrofit rejected the call before OkHttp saw it: nothing was written.
      exchange.future.completeExceptionally(
          e instanceof TransportFailureException failure
              ? failure
              : Wire.transportFailure(request.operation(), e, false));
      return exchange.future;
    }
    return exchange.future;
  }

  /**
   * One attempt: its Retrofit call, how far its request got, and (asynchronously) OkHttp's callback
   * completing the attempt's future.
   */
  private final class Exchange implements Callback<ResponseBody> {
    /**
     * The asynchronous attempt's future; cancelling it cancels the OkHttp call. Overriding {@code
     * cancel} (Handoff cancels with it) replaces a {@code whenComplete} stage per request that only
     * waited for a cancellation.
     */
    final CompletableFuture<PlivoResponse> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Call<ResponseBody> running = call;
            if (cancelled && running != null) {
              running.cancel();
            }
            return cancelled;
          }
        };

    /** The asynchronous attempt's call, once enqueued. */
    volatile @Nullable Call<ResponseBody> call;

    private final String operation;
    private final RequestProgress progress = new RequestProgress();

    Exchange(String operation) {
      this.operation = operation;
    }

    /**
     * The Retrofit call for {@code request}, with {@link Wire}'s path segments, body and headers.
     *
     * @throws TransportFailureException if Retrofit rejected it: nothing was written
     */
    Call<ResponseBody> newCall(PlivoRequest request) {
      try {
        if (request instanceof NodeAction action) {
          return phlo.nodeAction(
              Wire.pathSegment(action.phloId().value()),
              Wire.pathSegment(action.nodeId().value()),
              Wire.body(action),
              headers.authorization,
              headers.userAgent,
              progress);
        }
        if (request instanceof MemberAction action) {
          return phlo.memberAction(
              Wire.pathSegment(action.phloId().value()),
              Wire.pathSegment(action.nodeId().value()),
              Wire.pathSegment(action.member().value()),
              Wire.body(action),
              headers.authorization,
              headers.userAgent,
              progress);
        }
        if (request instanceof ReadNode read) {
          return phlo.readNode(
              Wire.pathSegment(read.phloId().value()),
              Wire.pathSegment(read.nodeId().value()),
              headers.authorization,
              headers.userAgent,
              progress);
        }
        CallTransfer transfer = (CallTransfer) request;
        return voice.transferCall(
            Wire.pathSegment(authId),
            Wire.pathSegment(transfer.callUuid().value()),
            Wire.body(transfer),
            headers.authorization,
            headers.userAgent,
            progress);
      } catch (RuntimeException e) {
        throw Wire.transportFailure(operation, e, false);
      }
    }

    @Override
    public void onResponse(Call<ResponseBody> call, Response<ResponseBody> response) {
      try {
        future.complete(answer(response));
      } catch (TransportFailureException e) {
        future.completeExceptionally(e);
      }
    }

    @Override
    public void onFailure(Call<ResponseBody> call, Throwable failure) {
      future.completeExceptionally(classify(failure));
    }

    /**
     * Reads the answer's body, for any status.
     *
     * @throws TransportFailureException if reading it failed
     */
    PlivoResponse answer(Response<ResponseBody> response) {
      @Nullable ResponseBody body =
          response.isSuccessful() ? response.body() : response.errorBody();
      try {
        return ResponseReader.read(response.code(), HiddenRetryAfter.retryAfter(response.raw()), body);
      } catch (IOException | RuntimeException e) {
        throw classify(e);
      }
    }

    TransportFailureException classify(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ResponseSizeLimit.ResponseTooLargeException tooLarge) {
          return Wire.responseTooLarge(operation, tooLarge.status());
        }
      }
      return Wire.transportFailure(operation, failure, progress.requestMayHaveLeft());
    }
  }
}
