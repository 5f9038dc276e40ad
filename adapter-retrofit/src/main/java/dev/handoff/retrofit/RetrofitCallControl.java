package dev.handoff.retrofit;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The {@link CallControl} port over Retrofit and OkHttp: one {@code Call.enqueue} per attempt,
 * completing the future on OkHttp's dispatcher thread, or one {@code Call.execute()} on the
 * caller's thread for {@code Handoff}'s blocking forms ({@link #sendBlocking}). Both build the call
 * the same way, from the {@link Wire} alone: the {@link WireService} of {@code Wire.base()}, its
 * method by {@code Wire.method()}, and {@code Wire}'s path, headers and body as they are. Nothing
 * here knows a route or tells one request from another. Cancelling a returned future cancels its
 * OkHttp call. No status is interpreted here (that is {@code Handoff}'s job), and no exception but
 * {@link TransportFailureException} ever reaches a future.
 */
final class RetrofitCallControl implements CallControl {
  /** The transport's name in the {@code User-Agent}. */
  static final String TRANSPORT = "retrofit";

  private final OkHttpClient client;

  /** The service of each {@link Wire.Base}, by ordinal: a lookup that cannot miss. */
  private final WireService[] services;

  private final AtomicBoolean closed = new AtomicBoolean();

  private final boolean ownsClient;

  /** Callers that may run an exchange on their own thread now ({@link #sendBlocking}). */
  private final Semaphore callerSlots;

  /**
   * {@code Wire.headers()} as OkHttp {@link Headers}, for the map it was made from, by base
   * ordinal. Core passes the same map with every request of one {@code Handoff} to one base, so
   * each is built once; a race builds one twice, harmlessly, and the array's volatile write
   * publishes a fully built one.
   */
  private final AtomicReferenceArray<CachedHeaders> headers =
      new AtomicReferenceArray<>(Wire.Base.values().length);

  /**
   * @param services one service per {@link Wire.Base}, each over a Retrofit whose base URL is that
   *     base's (see {@link RetrofitModule#services})
   * @param callerSlots how many callers may run their exchange on their own thread at once
   */
  RetrofitCallControl(OkHttpClient client, Map<Wire.Base, WireService> services, int callerSlots) {
    this(client, services, callerSlots, true);
  }

  /**
   * @param ownsClient whether {@link #close()} shuts the client's dispatcher and pool down: not
   *     when they are the application's ({@link RetrofitHandoff#create(OkHttpClient,
   *     HandoffConfig)}), whose other calls they carry too
   */
  RetrofitCallControl(
      OkHttpClient client,
      Map<Wire.Base, WireService> services,
      int callerSlots,
      boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    Wire.Base[] bases = Wire.Base.values();
    this.services = new WireService[bases.length];
    for (Wire.Base base : bases) {
      WireService service = services.get(base);
      if (service == null) {
        throw new IllegalArgumentException("no service for " + base);
      }
      this.services[base.ordinal()] = service;
    }
    this.callerSlots = new Semaphore(callerSlots);
  }

  /**
   * Enqueues the call {@code wire} describes in OkHttp's dispatcher; the future completes on a
   * dispatcher thread. Cancelling it cancels the call.
   */
  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(wire.closed(TRANSPORT));
    }
    Exchange exchange = new Exchange(wire);
    try {
      Call<ResponseBody> call = exchange.newCall();
      exchange.call = call; // before the future leaves this method, so cancel() always sees it
      call.enqueue(exchange);
    } catch (TransportFailureException e) {
      exchange.future.completeExceptionally(e);
    } catch (RuntimeException e) {
      // OkHttp refused the call before it started: nothing was written.
      exchange.future.completeExceptionally(wire.failure(e, Delivery.NOT_SENT));
    }
    return exchange.future;
  }

  /**
   * Runs the exchange on the calling thread ({@code Call.execute()}), for {@code Handoff}'s
   * blocking forms: no hand-off to a dispatcher thread and back. At most {@code callerSlots}
   * callers ({@value RetrofitModule#MAX_REQUESTS}, as many as the dispatcher runs) do so at once;
   * beyond that a caller's request queues in the dispatcher like an asynchronous one ({@link
   * #send}), and the caller waits for it.
   *
   * @throws TransportFailureException when there is no usable response, as {@link #send} fails;
   *     after {@code abort} completed, OkHttp's cancellation surfaces as one too ({@link
   *     Delivery#UNKNOWN} once the request may have been written)
   */
  @Override
  public PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
    if (closed.get()) {
      throw wire.closed(TRANSPORT);
    }
    if (!callerSlots.tryAcquire()) {
      return CallControl.super.sendBlocking(wire, abort);
    }
    try {
      Exchange exchange = new Exchange(wire);
      Call<ResponseBody> call = exchange.newCall();
      // Handoff completes abort only to stop the attempt; OkHttp's cancel makes execute() throw.
      abort.whenComplete((ignored, failure) -> call.cancel());
      Response<ResponseBody> response;
      try {
        response = call.execute();
      } catch (IOException | RuntimeException e) {
        throw exchange.classify(e);
      }
      return exchange.response(response);
    } finally {
      callerSlots.release();
    }
  }

  /** {@value #TRANSPORT}. */
  @Override
  public String name() {
    return TRANSPORT;
  }

  /**
   * Cancels every call in flight, stops the dispatcher's threads and closes idle connections; with
   * the application's client, only refuses further requests (core has aborted this Handoff's own
   * calls already), leaving its dispatcher, pool and other calls alone. Idempotent; an operation
   * after it fails with {@link Delivery#NOT_SENT}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || !ownsClient) {
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

  /** {@code wire}'s headers as OkHttp's, converted once per map (see {@link #headers}). */
  private Headers headers(Wire wire) {
    Map<String, String> source = wire.headers();
    int base = wire.base().ordinal();
    CachedHeaders cached = headers.get(base);
    if (cached == null || cached.source != source) {
      cached = new CachedHeaders(source, Headers.of(source));
      headers.set(base, cached);
    }
    return cached.headers;
  }

  /**
   * A header map and its OkHttp form. Not a record: a record's {@code toString} would show the
   * {@code Authorization} value of the map.
   */
  private static final class CachedHeaders {
    final Map<String, String> source;
    final Headers headers;

    CachedHeaders(Map<String, String> source, Headers headers) {
      this.source = source;
      this.headers = headers;
    }
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

    private final Wire wire;
    private final RequestProgress progress = new RequestProgress();

    Exchange(Wire wire) {
      this.wire = wire;
    }

    /**
     * The Retrofit call for the wire: its base's service, its method, its path, headers and body.
     *
     * @throws TransportFailureException if Retrofit or OkHttp rejected it: nothing was written
     */
    Call<ResponseBody> newCall() {
      try {
        WireService service = services[wire.base().ordinal()];
        Headers headers = headers(wire);
        return switch (wire.method()) {
          case GET -> service.get(wire.path(), headers, progress);
          case POST -> service.post(wire.path(), headers, body(), progress);
        };
      } catch (RuntimeException e) {
        throw wire.failure(e, Delivery.NOT_SENT);
      }
    }

    /** A POST's body; core gives every POST one. */
    private Map<String, String> body() {
      Map<String, String> body = wire.body();
      if (body == null) {
        throw new IllegalArgumentException(wire + " has no body");
      }
      return body;
    }

    @Override
    public void onResponse(Call<ResponseBody> call, Response<ResponseBody> response) {
      try {
        future.complete(response(response));
      } catch (TransportFailureException e) {
        future.completeExceptionally(e);
      }
    }

    @Override
    public void onFailure(Call<ResponseBody> call, Throwable failure) {
      future.completeExceptionally(classify(failure));
    }

    /**
     * Reads the response's body, for any status.
     *
     * @throws TransportFailureException if reading it failed
     */
    PlivoResponse response(Response<ResponseBody> response) {
      @Nullable ResponseBody body =
          response.isSuccessful() ? response.body() : response.errorBody();
      try {
        return ResponseReader.read(
            response.code(),
            Wire.retryAfter(response.raw().headers(HiddenFromOkHttp.RETRY_AFTER)),
            body);
      } catch (IOException | RuntimeException e) {
        throw classify(e);
      }
    }

    /**
     * The failure for what OkHttp or the body's reader threw: too large when {@link
     * ResponseSizeLimit} stopped the body; {@link Delivery#NOT_SENT} when the {@link
     * ConnectionGuard} refused to write the request on a connection holding stray bytes, or while
     * {@link RequestProgress} says no byte of the request left; else {@link Delivery#UNKNOWN}.
     */
    TransportFailureException classify(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ResponseSizeLimit.ResponseTooLargeException tooLarge) {
          return wire.responseTooLarge(tooLarge.status());
        }
        if (t instanceof ConnectionGuard.StrayBytesException) {
          return wire.failure(failure, Delivery.NOT_SENT);
        }
      }
      return wire.failure(
          failure, progress.requestMayHaveLeft() ? Delivery.UNKNOWN : Delivery.NOT_SENT);
    }
  }
}
