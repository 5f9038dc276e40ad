package dev.handoff.vertx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.jackson.HybridJacksonPool;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
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
 * {@link CallControl} over Vert.x's HTTP client: every request is the one {@link Wire} describes,
 * sent without blocking; the response's future completes in Vert.x's own completion handler, on the
 * event loop that ran the exchange, or on the caller's event-loop context when called from one
 * (whichever {@code Vertx} it belongs to). The exchanges of callers on no Vert.x context all run on
 * one event-loop context of the transport's ({@link #ownContext()}). The transport never logs:
 * every request, response and connection has an exception handler ({@link Exchange#IGNORE}), since
 * Vert.x logs each failure that has none.
 *
 * <p>Each request is followed by an {@link Exchange}, which holds the {@code HttpClientRequest} (so
 * cancelling aborts the exchange), sees the response's head (so a body announced over {@link
 * Wire#MAX_RESPONSE_BYTES} is refused before it is read) and reads the body within that limit. Only
 * {@code io.vertx.core}'s exported API is used, so the transport also runs on the module path. The
 * Web Client cannot do the first two through its exported API: its only handle on the request is an
 * interceptor, whose type is in a package it does not export (docs/transports.md, "The Vert.x Web
 * Client", has the runs that showed it).
 */
final class VertxCallControl implements CallControl {
  /** The transport's name in the {@code User-Agent}. */
  static final String TRANSPORT = "vertx";

  /** How long {@link #close()} waits for an owned Vertx to stop, on a thread that may block. */
  static final long CLOSE_WAIT_SECONDS = 10;

  private final HttpClientAgent client;
  private final Vertx vertx;
  private final VertxOwnership ownership;

  /**
   * Where each {@link Wire.Base}'s requests go, parsed once from its base URL, by ordinal: a lookup
   * that cannot miss.
   */
  private final Origin[] origins = new Origin[Wire.Base.values().length];

  private final AtomicBoolean closed = new AtomicBoolean();

  /** See {@link #ownContext()}; null until a caller on no Vert.x context sends. */
  private volatile @Nullable Context own;

  /**
   * {@code Wire.headers()} as Vert.x headers, for the map they were made from: see {@link
   * #headers(Wire)}.
   */
  private volatile @Nullable CachedHeaders headers;

  @Inject
  VertxCallControl(
      HandoffConfig config, Vertx vertx, VertxOwnership ownership, HttpClientAgent client) {
    this.client = client;
    this.vertx = vertx;
    this.ownership = ownership;
    for (Wire.Base base : Wire.Base.values()) {
      // The canonical form every transport sends to: percent-encoded, dot segments removed.
      origins[base.ordinal()] = Origin.of(base.url(config), config.proxy());
    }
  }

  /**
   * Sends the request {@code wire} describes: its method, to its base's {@link Origin} and path,
   * with its headers and its body as compact JSON.
   */
  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(wire.closed(TRANSPORT));
    }
    Context own;
    if (Vertx.currentContext() == null && (own = ownContext()).isEventLoopContext()) {
      // Off Vert.x (an application's own thread): on the transport's one context, see below.
      Exchange exchange = new Exchange(wire, null);
      try {
        own.runOnContext(ignored -> start(wire, exchange));
      } catch (RuntimeException e) {
        exchange.failed(e); // the Vertx is closing: nothing was written
      }
      return exchange.future();
    }
    Exchange exchange = new Exchange(wire, eventLoopContext());
    start(wire, exchange);
    return exchange.future();
  }

  /**
   * The event-loop context on which the requests of callers on no Vert.x context run, made on the
   * first such request (from that caller's thread, so that it belongs to no deployment). Vert.x
   * would otherwise run each request on a context of the calling thread's own event loop (picked by
   * thread), while the pooled connection it is given may belong to another event loop: then the
   * request is written on that loop and its answer handed back across loops, two thread hand-offs
   * that cost more CPU than the whole exchange (BENCHMARKS.md, 2026-12-01 20:10). On one context,
   * every connection those callers use is opened, written and read on one event loop, with one
   * hand-off in (from the caller's thread) and one out (to a blocked caller), as with any other
   * client. Where the application's Vertx runs such threads' contexts on executors of its own
   * ({@code VertxBuilder.withEventExecutorProvider}), the context made is not an event loop's and
   * is not used: each request then runs as Vert.x runs it.
   */
  private Context ownContext() {
    Context context = own;
    if (context == null) {
      synchronized (this) {
        context = own;
        if (context == null) {
          context = vertx.getOrCreateContext();
          own = context;
        }
      }
    }
    return context;
  }

  /** Starts the exchange on the current thread's context. */
  private void start(Wire wire, Exchange exchange) {
    if (exchange.future().isDone()) {
      return; // cancelled before its turn on the event loop: nothing was written
    }
    try {
      Origin origin = origins[wire.base().ordinal()];
      Map<String, String> body = wire.body();
      HttpMethod method =
          switch (wire.method()) {
            case GET -> HttpMethod.GET;
            case POST -> HttpMethod.POST;
          };
      RequestOptions options =
          new RequestOptions()
              .setMethod(method)
              .setHost(origin.host())
              .setPort(origin.port())
              .setSsl(origin.ssl())
              .setURI(origin.pathPrefix() + wire.path())
              .setFollowRedirects(false)
              .setHeaders(headers(wire));
      ProxyOptions proxy = origin.proxy();
      if (proxy != null) {
        options.setProxyOptions(proxy);
      }
      Buffer sent = body == null ? null : json(body);
      client
          .request(options)
          .compose(
              clientRequest -> {
                if (sent != null) {
                  // After Content-Type, as Wire orders them; Vert.x would add its own, lower-case.
                  clientRequest.putHeader(CONTENT_LENGTH, Integer.toString(sent.length()));
                }
                return exchange.send(clientRequest, sent);
              })
          .onComplete(exchange::completed);
    } catch (RuntimeException e) {
      // The client refused to start (closed concurrently, say): nothing was written.
      exchange.failed(e);
    }
  }

  /**
   * Sends one attempt and waits for its response, as {@link CallControl#sendBlocking} does; but on
   * a worker or virtual-thread context the exchange is started off that context. Such a context
   * runs one task at a time, and Vert.x completes an exchange on the context that started it: an
   * exchange started there would complete only once this thread stopped waiting for it (at the
   * operation's deadline). Started from a thread of no context (the common fork-join pool's, only
   * to start it), it completes on one of the transport's event loops.
   */
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
      Thread.currentThread().interrupt(); // for Handoff, which reports the operation as interrupted
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new CompletionException(e);
    }
  }

  /** {@value #TRANSPORT}. */
  @Override
  public String name() {
    return TRANSPORT;
  }

  /**
   * The calling thread's Vert.x event-loop context (a verticle's, say) as an executor that runs
   * each task on it; null elsewhere. {@code Handoff} runs the operation's retries and its deadline
   * failure there, and {@link #send} completes each attempt there, so that an operation started on
   * an event loop is retried and completed on that same event loop, whatever happens.
   *
   * <p>Worker and virtual-thread contexts get null (Handoff's own threads): they run one task at a
   * time, and a caller blocked in a blocking form on one would hold up the very task that must end
   * its wait, its deadline included. On an event loop the blocking forms refuse to run.
   */
  @Override
  public @Nullable Executor contextExecutor() {
    Context context = eventLoopContext();
    return context == null ? null : task -> context.runOnContext(ignored -> task.run());
  }

  /** The current thread's context when it is an event loop's, else null. */
  private static @Nullable Context eventLoopContext() {
    Context context = Vertx.currentContext();
    return context != null && context.isEventLoopContext() ? context : null;
  }

  /** True on a Vert.x event loop, where {@code Handoff}'s blocking methods must refuse to run. */
  @Override
  public boolean isNonBlockingThread() {
    return Context.isOnEventLoopThread();
  }

  /**
   * Closes the HTTP client, aborting exchanges in flight; then, when the Vertx is owned, closes it
   * too, waiting up to {@value #CLOSE_WAIT_SECONDS} s for its threads to stop unless called on a
   * Vert.x thread (which must never block: there the close is only started). A borrowed Vertx stays
   * open. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.close();
    } finally {
      if (ownership == VertxOwnership.OWNED) {
        Future<Void> closing = vertx.close();
        if (!Context.isOnVertxThread()) {
          awaitQuietly(closing);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "VertxCallControl[" + ownership.name().toLowerCase(Locale.ROOT) + " Vertx]";
  }

  /** {@code Content-Length}, spelled as {@link Wire#headers()} spells names. */
  private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");

  /** {@code Content-Type}, likewise. */
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");

  /**
   * {@code wire}'s headers, and {@code Content-Type} when it has a body, as a Vert.x {@link
   * MultiMap}, in Wire's order and spelling ({@code Host} included, which Vert.x then does not add;
   * {@code Content-Length} is the request's own). Core passes the same header map with every
   * request of one {@code Handoff}, so the two forms (with and without {@code Content-Type}) are
   * built once, for that map's identity; a race builds them twice, harmlessly, and the volatile
   * write publishes them fully built. Never written afterwards, so every event loop may read them:
   * Vert.x only copies a {@code RequestOptions}' headers into each request's own ({@code
   * HttpClientRequest.headers().setAll}), and the per-request map it built for {@code putHeader}
   * was the largest thing the transport allocated before the response.
   */
  private MultiMap headers(Wire wire) {
    Map<String, String> source = wire.headers();
    CachedHeaders cached = headers;
    if (cached == null || cached.source != source) {
      cached = new CachedHeaders(source);
      headers = cached;
    }
    // Wire's one content type, whenever there is a body, is application/json.
    return wire.contentType() == null ? cached.plain : cached.json;
  }

  /**
   * A header map and its two Vert.x forms. Not a record: a record's {@code toString} would show the
   * {@code Authorization} value of the map.
   */
  private static final class CachedHeaders {
    final Map<String, String> source;

    /** {@code source} as it is, for a request without a body. */
    final MultiMap plain;

    /** {@code source} and {@code Content-Type: application/json}, for a request with one. */
    final MultiMap json;

    CachedHeaders(Map<String, String> source) {
      this.source = source;
      MultiMap plain = HttpHeaders.headers();
      for (Map.Entry<String, String> header : source.entrySet()) {
        // Vert.x writes a name exactly as it was added: as Wire spells it.
        plain.add(HttpHeaders.createOptimized(header.getKey()), header.getValue());
      }
      this.plain = plain;
      this.json = HttpHeaders.headers().addAll(plain).add(CONTENT_TYPE, Wire.JSON_CONTENT_TYPE);
    }
  }

  /**
   * Serialises a {@link Wire} body compactly, in the map's order, with Jackson's generator (the
   * engine behind Vert.x's {@code JsonObject.toBuffer}, default settings, so the same bytes)
   * writing straight into the {@link Buffer} that is sent. {@code JsonObject.toBuffer} wrote into a
   * byte builder, copied it to an array and that array into the buffer: three copies of the body
   * and their holders per request.
   */
  static Buffer json(Map<String, String> body) {
    // Exact for ASCII without escapes: {"k":"v","k":"v"}; the buffer grows for anything else.
    int size = 2;
    for (Map.Entry<String, String> member : body.entrySet()) {
      size += member.getKey().length() + member.getValue().length() + 6;
    }
    Buffer buffer = Buffer.buffer(size);
    try (JsonGenerator generator = JSON.createGenerator(new BufferOutput(buffer))) {
      generator.writeStartObject();
      for (Map.Entry<String, String> member : body.entrySet()) {
        generator.writeStringField(member.getKey(), member.getValue());
      }
      generator.writeEndObject();
    } catch (IOException e) {
      // BufferOutput never throws: an IOException here is a bug, not a transport failure.
      throw new UncheckedIOException(e);
    }
    return buffer;
  }

  /**
   * Jackson's default output settings, as Vert.x's codec; and Vert.x's buffer pool, which (unlike
   * Jackson's thread-local default) also reuses buffers for callers on virtual threads.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder().recyclerPool(HybridJacksonPool.getInstance()).build();

  /** Appends what Jackson writes to a Vert.x buffer (which grows as needed). */
  private static final class BufferOutput extends OutputStream {
    private final Buffer buffer;

    BufferOutput(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }

  /**
   * Where the requests for one base URL go, taken apart once rather than per request: exactly what
   * {@code RequestOptions.setAbsoluteURI} derives from {@code base + "/" + path} (host, port with
   * the scheme's default, TLS for {@code https}, the base URL's own path as the URI's prefix),
   * since the path {@link Wire} spells holds neither {@code ?} nor {@code #}. The PHLO and Voice
   * base URLs each get their own.
   *
   * @param pathPrefix the base URL's path with a trailing {@code /}, for example {@code "/"}
   */
  /**
   * Where a base's requests go, and through which proxy: {@code config}'s, unless it bypasses the
   * host (the client's options then carry none, so such requests go directly).
   */
  record Origin(
      String host, Integer port, Boolean ssl, String pathPrefix, @Nullable ProxyOptions proxy) {
    static Origin of(URI baseUrl) {
      return of(baseUrl, null);
    }

    static Origin of(URI baseUrl, @Nullable HttpProxy httpProxy) {
      URL url;
      try {
        url = URI.create(baseUrl + "/").toURL();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("base URL " + baseUrl + " is not a URL", e);
      }
      boolean ssl = url.getProtocol().equals("https");
      int port = url.getPort() != -1 ? url.getPort() : ssl ? 443 : 80;
      ProxyOptions proxy = null;
      if (httpProxy != null && !httpProxy.bypasses(url.getHost())) {
        // Netty's HttpProxyHandler: CONNECT for https, sending the credentials with it.
        proxy =
            new ProxyOptions()
                .setType(ProxyType.HTTP)
                .setHost(httpProxy.host())
                .setPort(httpProxy.port())
                .setUsername(httpProxy.user())
                .setPassword(httpProxy.password());
      }
      return new Origin(url.getHost(), port, ssl, url.getFile(), proxy);
    }
  }

  private static void awaitQuietly(Future<Void> closing) {
    try {
      closing.toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Nothing is left to do: Vert.x goes on stopping its threads in the background.
    }
  }
}
