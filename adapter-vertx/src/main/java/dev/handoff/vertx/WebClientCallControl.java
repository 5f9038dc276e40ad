package dev.handoff.vertx;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The issue-15 experiment: {@link CallControl} over the Vert.x Web Client, wrapping the transport's
 * own {@link HttpClientAgent} ({@link WebClient#wrap}), so that each connection keeps its {@link
 * ConnectionGuard}. Only the Web Client's exported API is used: {@link HttpRequest} with a
 * per-request {@link HttpRequest#timeout}, and a bounded {@link BodyCodec} for the size limit. Not
 * wired by {@link VertxHandoff}; the {@code WebClient*ContractTest}s run the contract suites over
 * it, beside {@link VertxCallControl}.
 *
 * <p>What the Web Client's public API cannot do, and this class therefore does not: abort an
 * exchange in flight (an {@link HttpRequest}'s send returns a Vert.x {@link Future}, which cannot
 * be cancelled, and the {@code HttpClientRequest} is reachable only from an interceptor, whose type
 * {@code HttpContext} is in the unexported {@code io.vertx.ext.web.client.impl}); see the response
 * head before its body (a {@link BodyCodec} sees bytes only, and {@link HttpResponse} exists only
 * once the body ended), so a body announced over the limit is read (and discarded) rather than
 * refused, and its connection is kept.
 */
final class WebClientCallControl implements CallControl {
  private final WebClient client;
  private final Vertx vertx;
  private final VertxOwnership ownership;
  private final long requestTimeoutMillis;
  private final VertxCallControl.Origin[] origins =
      new VertxCallControl.Origin[Wire.Base.values().length];
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Whether cancelling an attempt aborts its exchange, by holding its request body's end back until
   * the response begins (see {@link OneBuffer}). Off, a cancelled attempt's exchange runs on until
   * it ends or its {@link HttpRequest#timeout} resets it.
   */
  private final boolean abortsOnCancel;

  WebClientCallControl(
      HandoffConfig config,
      Vertx vertx,
      VertxOwnership ownership,
      HttpClientAgent httpClient,
      boolean abortsOnCancel) {
    this.abortsOnCancel = abortsOnCancel;
    // No User-Agent of the Web Client's own: every request carries Handoff's.
    this.client =
        WebClient.wrap(
            httpClient,
            new WebClientOptions().setUserAgentEnabled(false).setFollowRedirects(false));
    this.vertx = vertx;
    this.ownership = ownership;
    // The only bound on an exchange the core's cancellation cannot abort: past the operation's
    // deadline (which the core enforces first, as DeadlineExceededException), plus a grace.
    this.requestTimeoutMillis = config.timeout().toMillis() + ABANDONED_GRACE_MILLIS;
    for (Wire.Base base : Wire.Base.values()) {
      origins[base.ordinal()] = VertxCallControl.Origin.of(base.url(config), config.proxy());
    }
  }

  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(wire.closed(VertxCallControl.TRANSPORT));
    }
    Context caller = eventLoopContext();
    Bounded codec = new Bounded(abortsOnCancel);
    CompletableFuture<PlivoResponse> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean wasDone = isDone();
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && !wasDone && abortsOnCancel) {
              codec.abort();
            }
            return cancelled;
          }
        };
    try {
      VertxCallControl.Origin origin = origins[wire.base().ordinal()];
      Map<String, String> body = wire.body();
      MultiMap headers = HttpHeaders.headers();
      for (Map.Entry<String, String> header : wire.headers().entrySet()) {
        headers.add(HttpHeaders.createOptimized(header.getKey()), header.getValue());
      }
      Buffer sent = body == null ? null : VertxCallControl.json(body);
      if (sent != null) {
        headers.add(CONTENT_TYPE, Wire.JSON_CONTENT_TYPE);
        headers.add(CONTENT_LENGTH, Integer.toString(sent.length()));
      }
      RequestOptions options =
          new RequestOptions()
              .setMethod(
                  switch (wire.method()) {
                    case GET -> HttpMethod.GET;
                    case POST -> HttpMethod.POST;
                  })
              .setHost(origin.host())
              .setPort(origin.port())
              .setSsl(origin.ssl())
              .setURI(origin.pathPrefix() + wire.path())
              .setFollowRedirects(false)
              .setHeaders(headers);
      if (origin.proxy() != null) {
        options.setProxyOptions(origin.proxy());
      }
      HttpRequest<Bounded.Body> request =
          client.request(options).timeout(requestTimeoutMillis).as(codec);
      // Not sendBuffer: the Web Client would replace Wire's Content-Length with its own, spelled
      // in lower case (HttpContext.handlePrepareRequest); a stream keeps the request's headers.
      Future<HttpResponse<Bounded.Body>> response =
          sent == null ? request.send() : request.sendStream(codec.request(sent));
      response.onComplete(
          result -> {
            if (caller != null && Vertx.currentContext() != caller) {
              caller.runOnContext(ignored -> complete(wire, future, codec, result));
            } else {
              complete(wire, future, codec, result);
            }
          });
    } catch (RuntimeException e) {
      future.completeExceptionally(wire.failure(e, Delivery.NOT_SENT));
    }
    return future;
  }

  private static void complete(
      Wire wire,
      CompletableFuture<PlivoResponse> future,
      Bounded codec,
      AsyncResult<HttpResponse<Bounded.Body>> result) {
    if (future.isDone()) {
      return;
    }
    if (result.failed()) {
      // Whether a byte was written is not visible through the Web Client: a failure before the
      // connection existed (refused, TLS) is told by its type, the rest may have been sent.
      Throwable cause = result.cause();
      future.completeExceptionally(
          wire.failure(cause, codec.started ? Delivery.UNKNOWN : delivery(cause)));
      return;
    }
    HttpResponse<Bounded.Body> response = result.result();
    int status = response.statusCode();
    if (response.body() != null && response.body().tooLarge) {
      future.completeExceptionally(wire.responseTooLarge(status));
      return;
    }
    if (status < 200) {
      future.completeExceptionally(
          wire.failure(
              new VertxException(
                  "an interim answer (HTTP " + status + ") that the client cannot skip", true),
              Delivery.UNKNOWN));
      return;
    }
    if (!Wire.hasUsableContentLength(response.headers().getAll(HttpHeaders.CONTENT_LENGTH))) {
      future.completeExceptionally(
          wire.failure(
              new VertxException(
                  "an answer (HTTP " + status + ") whose Content-Length frames no body", true),
              Delivery.UNKNOWN));
      return;
    }
    Buffer received = response.body() == null ? null : response.body().bytes;
    future.complete(
        Exchange.plivoResponse(
            status, Wire.retryAfter(response.headers().getAll(HttpHeaders.RETRY_AFTER)), received));
  }

  /**
   * The Web Client does not say whether its {@code HttpClientRequest} (a ready connection) existed
   * when it failed: a failure to set a connection up (TLS, a proxy's refusal, the connect timeout)
   * is told by its type, {@link Delivery#NOT_SENT}; anything else may have been sent. {@link
   * Wire#failure} recognises refused connections itself.
   */
  private static Delivery delivery(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof io.netty.channel.ConnectTimeoutException
          || t.getClass().getName().equals("io.netty.handler.proxy.ProxyConnectException")) {
        return Delivery.NOT_SENT;
      }
    }
    return Delivery.UNKNOWN;
  }

  @Override
  public PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
    Context context = Vertx.currentContext();
    if (context == null || context.isEventLoopContext()) {
      return CallControl.super.sendBlocking(wire, abort);
    }
    CompletableFuture<PlivoResponse> response = new CompletableFuture<>();
    CompletableFuture.runAsync(
        () -> {
          CompletableFuture<PlivoResponse> sent = send(wire);
          sent.whenComplete(
              (answer, failure) -> {
                if (failure != null) {
                  response.completeExceptionally(failure);
                } else {
                  response.complete(answer);
                }
              });
          response.whenComplete((answer, failure) -> sent.cancel(true));
        });
    abort.whenComplete((ignored, failure) -> response.cancel(true));
    try {
      return response.get();
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new CompletionException(e);
    }
  }

  @Override
  public String name() {
    return VertxCallControl.TRANSPORT;
  }

  @Override
  public @Nullable Executor contextExecutor() {
    Context context = eventLoopContext();
    return context == null ? null : task -> context.runOnContext(ignored -> task.run());
  }

  private static @Nullable Context eventLoopContext() {
    Context context = Vertx.currentContext();
    return context != null && context.isEventLoopContext() ? context : null;
  }

  @Override
  public boolean isNonBlockingThread() {
    return Context.isOnEventLoopThread();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.close(); // closes the wrapped HttpClient
    } finally {
      if (ownership == VertxOwnership.OWNED) {
        Future<Void> closing = vertx.close();
        if (!Context.isOnVertxThread()) {
          try {
            closing
                .toCompletionStage()
                .toCompletableFuture()
                .get(VertxCallControl.CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (ExecutionException | TimeoutException e) {
            // Vert.x goes on stopping its threads in the background.
          }
        }
      }
    }
  }

  /** How long past the operation's deadline an abandoned exchange may go on before it is reset. */
  static final long ABANDONED_GRACE_MILLIS = 1_000;

  /**
   * A request body as the one-item stream the Web Client pipes into the request, unchanged (the
   * request's own {@code Content-Length} stands, so it is not sent chunked). Its end is held back
   * until the response begins, so that until then a cancellation can still fail the pipe, which
   * makes the Web Client reset the request: the only handle on an exchange in flight that its
   * public API leaves. A request cancelled before its body is asked for is never written.
   */
  static final class OneBuffer implements ReadStream<Buffer> {
    private final Bounded attempt;
    private @Nullable Buffer pending;
    private long demand = Long.MAX_VALUE;
    private boolean released;
    private boolean ended;
    private @Nullable Handler<Buffer> handler;
    private @Nullable Handler<Void> endHandler;
    private @Nullable Handler<Throwable> exceptionHandler;

    OneBuffer(Buffer buffer, Bounded attempt) {
      this.pending = buffer;
      this.attempt = attempt;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(@Nullable Handler<Throwable> handler) {
      this.exceptionHandler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(@Nullable Handler<Buffer> handler) {
      this.handler = handler;
      Context context = Vertx.currentContext();
      if (handler != null && context != null) {
        attempt.context(context);
      }
      emit();
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      demand = 0;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
      emit();
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(@Nullable Handler<Void> endHandler) {
      this.endHandler = endHandler;
      emit();
      return this;
    }

    void release() {
      released = true;
      emit();
    }

    void fail(Throwable cause) {
      Handler<Throwable> onFailure = exceptionHandler;
      if (!ended && onFailure != null) {
        ended = true;
        pending = null;
        onFailure.handle(cause);
      }
    }

    private void emit() {
      Handler<Buffer> onData = handler;
      if (ended || demand == 0 || onData == null || endHandler == null) {
        return;
      }
      if (attempt.cancelled) {
        fail(new VertxException("cancelled", true));
        return;
      }
      Buffer buffer = pending;
      if (buffer != null) {
        pending = null;
        demand--;
        onData.handle(buffer);
      }
      Handler<Void> onEnd = endHandler;
      if (released && !ended && onEnd != null) {
        ended = true;
        onEnd.handle(null);
      }
    }
  }

  private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");

  /**
   * A {@link BodyCodec} that keeps at most {@link Wire#MAX_RESPONSE_BYTES}: past it, the rest is
   * discarded (not kept) and the body marked too large. Failing the stream instead would reset the
   * exchange at once, but the Web Client then fails its future with the codec's failure alone,
   * without the response's status, which a 2xx answer's receipt needs.
   */
  static final class Bounded implements BodyCodec<Bounded.Body> {
    /** Whether a response began: the request was written. */
    volatile boolean started;

    /** Whether the request body's end waits for the response to begin ({@link OneBuffer}). */
    private final boolean holdsEnd;

    Bounded(boolean holdsEnd) {
      this.holdsEnd = holdsEnd;
    }

    /** Whether the attempt was cancelled: what is left of its exchange is aborted. */
    private volatile boolean cancelled;

    private @Nullable OneBuffer request;

    /** The response pipe's handler of the body stream's failures, which resets the exchange. */
    private volatile @Nullable Handler<Throwable> responseFailure;

    private volatile @Nullable Context context;

    OneBuffer request(Buffer body) {
      OneBuffer stream = new OneBuffer(body, this);
      if (!holdsEnd) {
        stream.released = true;
      }
      request = stream;
      return stream;
    }

    /**
     * Aborts the exchange, on its context: an unwritten request body fails its pipe (the Web Client
     * resets the request, unwritten), a written one whose end is held back fails likewise (the
     * request is reset, its connection closed), a response being read fails its pipe.
     */
    void abort() {
      cancelled = true;
      Context on = context;
      if (on != null) {
        on.runOnContext(ignored -> abortHere());
      }
    }

    private void abortHere() {
      Throwable cancellation = new VertxException("cancelled", true);
      Handler<Throwable> onResponse = responseFailure;
      if (onResponse != null) {
        onResponse.handle(cancellation);
        return;
      }
      OneBuffer body = request;
      if (body != null) {
        body.fail(cancellation);
      }
    }

    void context(Context context) {
      this.context = context;
      if (cancelled) {
        context.runOnContext(ignored -> abortHere());
      }
    }

    static final class Body {
      @Nullable Buffer bytes;
      boolean tooLarge;
    }

    @Override
    public BodyStream<Body> stream() {
      started = true;
      // The response began: the request's end, held back until now, may go.
      OneBuffer held = request;
      if (held != null) {
        held.release();
      }
      Body body = new Body();
      Promise<Body> result = Promise.promise();
      return new BodyStream<>() {
        @Override
        public Future<Body> result() {
          return result.future();
        }

        @Override
        public void handle(Throwable failure) {
          result.tryFail(failure);
        }

        @Override
        public BodyStream<Body> exceptionHandler(@Nullable Handler<Throwable> handler) {
          responseFailure = handler;
          if (cancelled && handler != null) {
            Context on = Vertx.currentContext();
            if (on != null) {
              on.runOnContext(ignored -> abortHere());
            }
          }
          return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
          if (cancelled) {
            return Future.failedFuture(new VertxException("cancelled", true));
          }
          if (!body.tooLarge) {
            int sofar = body.bytes == null ? 0 : body.bytes.length();
            if ((long) sofar + data.length() > Wire.MAX_RESPONSE_BYTES) {
              body.tooLarge = true;
              body.bytes = null;
            } else if (body.bytes == null) {
              body.bytes = Buffer.buffer().appendBuffer(data);
            } else {
              body.bytes.appendBuffer(data);
            }
          }
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
          result.tryComplete(body);
          return Future.succeededFuture();
        }

        @Override
        public BodyStream<Body> setWriteQueueMaxSize(int maxSize) {
          return this;
        }

        @Override
        public boolean writeQueueFull() {
          return false;
        }

        @Override
        public BodyStream<Body> drainHandler(@Nullable Handler<Void> handler) {
          return this;
        }
      };
    }
  }
}
