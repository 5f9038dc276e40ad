package dev.handoff.jdk;

import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.model.Delivery;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link CallControl} over the JDK's {@link HttpClient}: every request is the one {@link Wire}
 * describes, sent with {@code sendAsync}, over HTTP/1.1, following no redirect; its response is
 * read by a {@link Attempt body subscriber} that refuses a body announced or grown over {@link
 * Wire#MAX_RESPONSE_BYTES}. Cancelling an attempt's future cancels the client's exchange, which
 * aborts it (JDK 16 and later).
 *
 * <p>The client runs its completions on an executor of its own ({@code handoff-jdk-*} daemon
 * threads), shut down by {@link #close()}. On Java 21 and later {@code close()} also shuts the
 * client down ({@code HttpClient.shutdownNow()}, found reflectively since the module targets Java
 * 17), which ends its selector thread and closes its connections at once; on Java 17 to 20 the
 * client has no such method, so {@code close()} aborts the exchanges in flight, drops its reference
 * to the client, and the selector thread ({@code HttpClient-*-SelectorManager}) ends once the
 * client is garbage collected.
 *
 * <p>The blocking form runs {@code HttpClient.send} on the caller's thread: the client's public
 * {@code sendAsync} completes its future through one more task on the client's executor ({@code
 * HttpClientImpl} moves dependent stages off its own threads), which {@code send} skips; at 64
 * callers in flight that task cost the blocking form two thirds of its throughput (BENCHMARKS.md).
 * {@code send} can be stopped only by interrupting its thread, so an abort does exactly that and
 * then clears the interrupt it caused ({@link BlockedCaller}), leaving the thread's flag as the
 * caller left it.
 */
final class JdkCallControl implements CallControl {
  /** The transport's name in the {@code User-Agent}. */
  static final String NAME = "jdk";

  /** Prefix of the names of the client's executor threads. */
  static final String THREAD_PREFIX = "handoff-jdk-";

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  /** {@code HttpClient.shutdownNow()}, Java 21 and later; null before. */
  private static final @Nullable MethodHandle SHUTDOWN_NOW = shutdownNow();

  private final ExecutorService executor;

  /** The client until {@link #close()}, which drops it (and so marks the transport closed). */
  private volatile @Nullable HttpClient client;

  /** At most {@value #MAX_IN_FLIGHT} exchanges at once; the others wait their turn in order. */
  private final InFlightLimit limit = new InFlightLimit(MAX_IN_FLIGHT);

  /**
   * How many exchanges the transport runs at once, as the other transports (OkHttp's dispatcher,
   * Vert.x's pool): 256. The JDK's client has no limit of its own and opens a connection for each
   * exchange that finds none idle: at 1,000 at once a server's accept backlog overflows, and
   * connections fail that a limit would have queued.
   */
  static final int MAX_IN_FLIGHT = 256;

  /** What {@link #proxyAuthorization} made of the proxy's credentials, or null. */
  private final @Nullable String proxyAuthorization;

  /** The configured proxy, whose bypass list decides where {@link #proxyAuthorization} goes. */
  private final @Nullable HttpProxy proxy;

  /** The attempts in flight, which {@link #close()} aborts. */
  private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();

  JdkCallControl(HandoffConfig config) {
    this(config, HttpClient.newBuilder());
  }

  /**
   * The transport over a client built from {@code builder}: the application's ({@link
   * JdkHandoff#create(HttpClient.Builder, HandoffConfig)}) or a new one. What the guarantees need
   * is set on it, replacing the application's choice: see {@link JdkHandoff}.
   */
  JdkCallControl(HandoffConfig config, HttpClient.Builder builder) {
    int id = CLIENTS.incrementAndGet();
    this.proxy = config.proxy();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, THREAD_PREFIX + id + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      builder
          .version(HttpClient.Version.HTTP_1_1)
          // Rounded up to whole milliseconds, as every transport does (Wire's rule).
          .connectTimeout(Duration.ofMillis(Wire.connectTimeoutMillis(config.connectTimeout())))
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(executor);
      if (proxy != null) {
        builder.proxy(proxy.proxySelector());
      }
      KeyStore trusted = config.trustedCertificates();
      SSLContext context = config.sslContext();
      if (trusted != null) {
        builder.sslContext(sslContext(trusted));
      } else if (context != null) {
        builder.sslContext(context);
      }
      this.client = builder.build();
      if (client.authenticator().isPresent()) {
        throw new IllegalArgumentException(
            "the HttpClient.Builder has an authenticator: with one, java.net.http drops the"
                + " Authorization header Handoff sends Plivo (JDK-8326949), so every request"
                + " would be refused 401; give proxy credentials through HandoffConfig's proxy"
                + " (HttpProxy.withCredentials) instead");
      }
      this.proxyAuthorization = proxyAuthorization(proxy);
    } catch (RuntimeException | Error e) {
      executor.shutdownNow();
      throw e;
    }
  }

  /**
   * The {@code Proxy-Authorization} value sent with every request that goes through {@code proxy},
   * or null without credentials. Sent preemptively, not in answer to a {@code 407}: an {@link
   * java.net.Authenticator} on the client would make {@code java.net.http} drop the {@code
   * Authorization} header Plivo needs (JDK-8326949). The client sends such a header only in the
   * {@code CONNECT} of a tunnel (and in a plain-HTTP request to the proxy), never to the server at
   * the tunnel's end; for a tunnel, only where the JVM allows {@code Basic} there (see {@link
   * #tunnelsWithBasic()}). A proxy that refuses it answers {@code 407}, the attempt's failure.
   */
  private static @Nullable String proxyAuthorization(@Nullable HttpProxy proxy) {
    if (proxy == null) {
      return null;
    }
    String user = proxy.user();
    String password = proxy.password();
    if (user == null || password == null) {
      return null;
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether this JVM lets the JDK's client authenticate to a tunnelling proxy with {@code Basic}:
   * the JDK disables it by default ({@code jdk.http.auth.tunneling.disabledSchemes=Basic} in its
   * {@code net.properties}) and reads the setting once, so only a JVM started with {@code
   * -Djdk.http.auth.tunneling.disabledSchemes=} (or an edited {@code net.properties}) does. A
   * {@code Proxy-Authorization} header of the application's own is dropped from a {@code CONNECT}
   * by the same rule.
   */
  static boolean tunnelsWithBasic() {
    String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
    if (disabled == null) {
      return false; // net.properties' default: Basic
    }
    for (String scheme : disabled.split(",")) {
      if (scheme.trim().equalsIgnoreCase("basic")) {
        return false;
      }
    }
    return true;
  }

  private boolean bypassed(@Nullable String host) {
    return proxy == null || host == null || proxy.bypasses(host);
  }

  /** A TLS context trusting exactly {@code store}'s certificates. */
  private static SSLContext sslContext(KeyStore store) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "trustedCertificates could not make a trust manager: " + e.getMessage(), e);
    }
  }

  /**
   * Sends the request {@code wire} describes: its method and URL, its headers but {@code Host}
   * (which the client writes itself, from the same canonical URL, and refuses from the caller), and
   * its body as compact JSON with {@code Content-Type: application/json}.
   */
  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    HttpClient sender = client;
    if (sender == null) {
      return CompletableFuture.failedFuture(wire.closed(NAME));
    }
    HttpRequest request;
    try {
      request = request(wire);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(wire.failure(e, Delivery.NOT_SENT));
    }
    Attempt attempt = new Attempt(wire);
    inFlight.add(attempt);
    if (client == null) { // closed meanwhile: close() may not have seen this attempt
      inFlight.remove(attempt);
      return CompletableFuture.failedFuture(wire.closed(NAME));
    }
    limit.whenPermitted(() -> start(sender, request, attempt));
    return attempt.future;
  }

  /**
   * Starts {@code attempt}'s exchange, holding one of {@link #limit}'s permits, released at its
   * end.
   */
  private void start(HttpClient sender, HttpRequest request, Attempt attempt) {
    if (attempt.future.isDone()) { // cancelled, or closed, while it waited for a permit
      inFlight.remove(attempt);
      limit.release();
      return;
    }
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange = sender.sendAsync(request, attempt);
    } catch (RuntimeException e) {
      // Refused before anything was written (an executor shut down by close(), say).
      inFlight.remove(attempt);
      limit.release();
      attempt.future.completeExceptionally(attempt.wire.failure(e, Delivery.NOT_SENT));
      return;
    }
    attempt.started(exchange);
    exchange.whenComplete(
        (response, failure) -> {
          limit.release(); // first, so that a waiting attempt starts while this one completes
          attempt.completed(response, failure);
        });
  }

  /**
   * Sends one attempt with {@code HttpClient.send} on the calling thread. {@code abort} (the
   * deadline, {@code close()}) interrupts the thread, which makes the client cancel the exchange;
   * the interrupt is then cleared. An interrupt of the caller's own is kept: it throws {@link
   * CancellationException} with the flag set, as {@link CallControl#sendBlocking} says.
   */
  @Override
  public PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
    HttpClient sender = client;
    if (sender == null) {
      throw wire.closed(NAME);
    }
    HttpRequest request;
    try {
      request = request(wire);
    } catch (RuntimeException e) {
      throw wire.failure(e, Delivery.NOT_SENT);
    }
    BlockedCaller caller = new BlockedCaller(Thread.currentThread());
    Attempt attempt = new Attempt(wire, caller);
    inFlight.add(attempt);
    try {
      if (client == null) { // closed meanwhile: close() may not have seen this attempt
        throw wire.closed(NAME);
      }
      abort.whenComplete((ignored, failure) -> caller.interrupt());
      HttpResponse<byte[]> response;
      try {
        limit.acquire();
      } catch (InterruptedException e) {
        if (caller.finish()) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted");
        }
        throw new CancellationException("aborted");
      }
      try {
        response = sender.send(request, attempt);
      } catch (InterruptedException e) {
        if (caller.finish()) {
          Thread.currentThread().interrupt(); // the caller's own: Handoff reports it
          throw new CancellationException("interrupted");
        }
        throw new CancellationException("aborted");
      } catch (IOException | RuntimeException e) {
        boolean ownInterrupt = !caller.finish();
        TransportFailureException failure = classify(wire, e);
        if (ownInterrupt) {
          throw new CancellationException("aborted");
        }
        throw failure;
      } finally {
        limit.release();
      }
      if (!caller.finish()) {
        throw new CancellationException("aborted"); // an answer that came as the abort did
      }
      return answer(wire, response);
    } finally {
      inFlight.remove(attempt);
    }
  }

  /**
   * Permits for exchanges: {@link #whenPermitted} runs a start at once when a permit is free, else
   * queues it (first come, first served) for the next {@link #release}; {@link #acquire} waits for
   * one on the calling thread. Every permit taken is released exactly once.
   */
  static final class InFlightLimit {
    private final Semaphore permits;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    InFlightLimit(int max) {
      this.permits = new Semaphore(max);
    }

    /** Runs {@code start}, which then holds a permit, now or once one is released. */
    void whenPermitted(Runnable start) {
      if (waiting.isEmpty() && permits.tryAcquire()) {
        start.run();
        return;
      }
      waiting.add(start);
      drain(); // a permit may have been released between the check and the add
    }

    /** Waits for a permit on the calling thread; an interrupt ends the wait. */
    void acquire() throws InterruptedException {
      permits.acquire();
    }

    void release() {
      permits.release();
      drain();
    }

    private void drain() {
      while (!waiting.isEmpty() && permits.tryAcquire()) {
        Runnable next = waiting.poll();
        if (next == null) {
          permits.release(); // another thread took it: look again
        } else {
          next.run();
        }
      }
    }
  }

  /**
   * The thread blocked in {@code HttpClient.send}, and whether an abort interrupted it. The states
   * make sure that an abort's interrupt reaches the thread only while it is inside {@code send},
   * and that {@link #finish} clears it afterwards (as {@code FutureTask} guards its cancelling
   * interrupt).
   */
  static final class BlockedCaller {
    private static final int SENDING = 0;
    private static final int INTERRUPTING = 1;
    private static final int INTERRUPTED = 2;
    private static final int DONE = 3;

    private final Thread thread;
    private final AtomicInteger state = new AtomicInteger(SENDING);

    BlockedCaller(Thread thread) {
      this.thread = thread;
    }

    /** Interrupts the thread if it is still sending; from any thread, at most once. */
    void interrupt() {
      if (state.compareAndSet(SENDING, INTERRUPTING)) {
        thread.interrupt();
        state.set(INTERRUPTED);
      }
    }

    /**
     * Called by the thread once {@code send} returned or threw: true when no abort interrupted it;
     * false when one did, whose interrupt is then cleared.
     */
    boolean finish() {
      if (state.compareAndSet(SENDING, DONE)) {
        return true;
      }
      while (state.get() == INTERRUPTING) {
        Thread.onSpinWait(); // the interrupter is between its two steps: a few instructions
      }
      Thread.interrupted();
      return false;
    }
  }

  /**
   * The URI of the last request built, reused while requests go to the same URL (every transfer of
   * one PHLO node does): parsing it again cost about 1 µs and 576 bytes per request on the blocking
   * path's caller thread, the largest share of what building a request adds (issue 15). One
   * immutable entry behind a volatile field: a race only parses once more.
   */
  private volatile @Nullable ParsedUri lastUri;

  /** A request URI and what it was parsed from. */
  private record ParsedUri(URI baseUrl, String path, URI uri) {}

  private URI uri(Wire wire) {
    ParsedUri last = lastUri;
    if (last != null && last.path.equals(wire.path()) && last.baseUrl.equals(wire.baseUrl())) {
      return last.uri;
    }
    URI uri = wire.uri();
    lastUri = new ParsedUri(wire.baseUrl(), wire.path(), uri);
    return uri;
  }

  private HttpRequest request(Wire wire) {
    URI uri = uri(wire);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    for (Map.Entry<String, String> header : wire.headers().entrySet()) {
      if (!header.getKey().equals("Host")) {
        request.header(header.getKey(), header.getValue());
      }
    }
    if (proxyAuthorization != null && !bypassed(uri.getHost())) {
      request.header("Proxy-Authorization", proxyAuthorization);
    }
    Map<String, String> body = wire.body();
    if (body == null) {
      request.GET();
    } else {
      // The publisher of a byte array gives the client the Content-Length to send.
      request
          .header("Content-Type", Wire.JSON_CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
    }
    return request.build();
  }

  /** {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Aborts the exchanges in flight (their futures fail {@link Delivery#UNKNOWN}), shuts the client
   * down where the JDK can (Java 21 and later) and its executor's threads. Idempotent.
   */
  @Override
  public void close() {
    HttpClient closing = client;
    if (closing == null) {
      return;
    }
    client = null;
    for (Attempt attempt : inFlight) {
      attempt.abort();
    }
    inFlight.clear();
    if (SHUTDOWN_NOW != null) {
      try {
        SHUTDOWN_NOW.invokeExact(closing);
      } catch (Throwable e) {
        // Nothing is left to do: the client's selector ends once the client is unreachable.
      }
    }
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "JdkCallControl[" + (client == null ? "closed" : "open") + "]";
  }

  private static @Nullable MethodHandle shutdownNow() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // Java 17 to 20
    }
  }

  /**
   * The failure of an exchange the client reports: its own cause, unwrapped from the futures'
   * wrappers; {@link Delivery#NOT_SENT} for a connect timeout (not a {@code
   * SocketTimeoutException}, so {@link Wire#failure} would not know it), else as {@link
   * Wire#failure} decides.
   */
  static TransportFailureException classify(Wire wire, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransportFailureException transport) {
        return transport; // the body subscriber's own: too large, unframed
      }
    }
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return wire.failure(cause, notSent(cause) ? Delivery.NOT_SENT : Delivery.UNKNOWN);
  }

  /**
   * Whether {@code cause} ended the exchange before a byte of its request left: a connect timeout;
   * a failed TLS handshake (over HTTP/1.1 the client writes the request only on an established
   * session); or a proxy's refusal to open the tunnel (a {@code 407} for its credentials, say),
   * which the client reports as {@code "Tunnel failed, got: <status>"} (its {@code
   * PlainTunnelingConnection}'s fixed text): no tunnel, nothing reached the server.
   */
  private static boolean notSent(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException || cause instanceof SSLHandshakeException) {
      return true;
    }
    String message = cause.getMessage();
    return cause.getClass() == IOException.class
        && message != null
        && message.startsWith("Tunnel failed, got: ");
  }

  /**
   * What the exchange's response says. A response without a body is not the server's: the client
   * hands back a proxy's {@code 407} to a tunnel's {@code CONNECT} that way (it answers no
   * challenge, having no authenticator), and the request never left: {@code NOT_SENT}.
   *
   * @throws TransportFailureException for such a response
   */
  private static PlivoResponse answer(Wire wire, HttpResponse<byte[]> response) {
    byte[] body = response.body();
    if (body == null) {
      throw wire.failure(
          new ProtocolException(
              "the proxy refused to open a tunnel: HTTP "
                  + response.statusCode()
                  + (response.statusCode() != 407
                      ? ""
                      : tunnelsWithBasic()
                          ? " (its credentials)"
                          : " (credentials: this JVM sends a tunnelling proxy none in Basic unless"
                              + " started with -Djdk.http.auth.tunneling.disabledSchemes=)")),
          Delivery.NOT_SENT);
    }
    return answer(
        response.statusCode(), Wire.retryAfter(response.headers().allValues("Retry-After")), body);
  }

  /**
   * Reads what Plivo answered: a JSON object's top-level members, or an excerpt of any other body.
   */
  static PlivoResponse answer(int status, @Nullable String retryAfter, byte[] body) {
    if (body.length == 0) {
      return PlivoResponse.text(status, retryAfter, "");
    }
    Map<String, Object> object = Json.object(body);
    return object != null
        ? PlivoResponse.json(status, retryAfter, object)
        : PlivoResponse.text(status, retryAfter, excerpt(body));
  }

  /**
   * The first {@link PlivoResponse#EXCERPT_LIMIT} characters of a body, decoded as UTF-8 from at
   * most 4 bytes a character, so that decoding never cuts one of those kept.
   */
  static String excerpt(byte[] body) {
    int bytes = Math.min(body.length, PlivoResponse.EXCERPT_LIMIT * 4);
    String text = new String(body, 0, bytes, StandardCharsets.UTF_8);
    return text.length() > PlivoResponse.EXCERPT_LIMIT
        ? text.substring(0, PlivoResponse.EXCERPT_LIMIT)
        : text;
  }

  /**
   * One attempt: its future (cancelling it cancels the client's exchange), and the body handler of
   * its response, which looks at the head before a byte of the body is read.
   */
  private final class Attempt implements HttpResponse.BodyHandler<byte[]> {
    private final Wire wire;

    private final CompletableFuture<PlivoResponse> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
              cancelExchange();
            }
            return cancelled;
          }
        };

    private volatile @Nullable CompletableFuture<HttpResponse<byte[]>> exchange;

    /** The thread blocked in {@code send} for a blocking attempt; null for {@code sendAsync}. */
    private final @Nullable BlockedCaller caller;

    Attempt(Wire wire) {
      this(wire, null);
    }

    Attempt(Wire wire, @Nullable BlockedCaller caller) {
      this.wire = wire;
      this.caller = caller;
    }

    void started(CompletableFuture<HttpResponse<byte[]>> exchange) {
      this.exchange = exchange;
      if (future.isDone()) {
        exchange.cancel(true); // cancelled (or closed) while sendAsync was starting it
      }
    }

    private void cancelExchange() {
      inFlight.remove(this);
      CompletableFuture<HttpResponse<byte[]>> started = exchange;
      if (started != null) {
        started.cancel(true); // JDK 16+: aborts the exchange, closing its connection
      }
    }

    /** Fails the attempt because the transport closed, and aborts its exchange. */
    void abort() {
      if (caller != null) {
        caller.interrupt(); // the client cancels the exchange of an interrupted send
        return;
      }
      future.completeExceptionally(
          wire.failure(new IOException("the jdk transport was closed"), Delivery.UNKNOWN));
      cancelExchange();
    }

    void completed(@Nullable HttpResponse<byte[]> response, @Nullable Throwable failure) {
      inFlight.remove(this);
      if (future.isDone()) {
        return;
      }
      if (response == null) {
        future.completeExceptionally(
            failure instanceof CancellationException
                ? wire.failure(failure, Delivery.UNKNOWN)
                : classify(wire, failure == null ? new IOException("no response") : failure));
        return;
      }
      try {
        future.complete(answer(wire, response));
      } catch (TransportFailureException e) {
        future.completeExceptionally(e);
      } catch (RuntimeException e) {
        future.completeExceptionally(wire.failure(e, Delivery.UNKNOWN));
      }
    }

    /**
     * The body subscriber for the response's head: one that fails at once, closing the connection,
     * when {@code Content-Length} frames no body unambiguously ({@link
     * Wire#hasUsableContentLength}) or announces more than {@link Wire#MAX_RESPONSE_BYTES}; the
     * JDK's byte-array subscriber for a body it announces within the limit; else (no {@code
     * Content-Length}: chunked, or delimited by the connection's close) a {@link BoundedBody}.
     */
    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo head) {
      List<String> lengths = head.headers().allValues("Content-Length");
      if (!Wire.hasUsableContentLength(lengths)) {
        return new Refused(
            wire.failure(
                new ProtocolException(
                    "an answer (HTTP "
                        + head.statusCode()
                        + ") whose Content-Length frames no body"),
                Delivery.UNKNOWN));
      }
      OptionalLong length =
          lengths.isEmpty()
              ? OptionalLong.empty()
              : OptionalLong.of(Long.parseLong(lengths.get(0).strip()));
      if (length.isPresent() && length.getAsLong() > Wire.MAX_RESPONSE_BYTES) {
        return new Refused(wire.responseTooLarge(head.statusCode()));
      }
      if (length.isPresent()) {
        // Framed, and within the limit: the client reads exactly that many bytes, so the JDK's
        // own subscriber bounds it. The client trusts its own subscribers to complete on the
        // thread that read the body, but hands any other (a BoundedBody) to its executor first:
        // one more thread hand-off per response (ResponseSubscribers.getBodyAsync), which cost
        // the blocking form at 64 in flight about a fifth of HttpClient alone's throughput.
        return HttpResponse.BodySubscribers.ofByteArray();
      }
      return new BoundedBody(wire, head.statusCode(), 256);
    }
  }

  /** A body not to read: cancels its subscription at once, which closes the connection. */
  private static final class Refused implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final TransportFailureException failure;

    Refused(TransportFailureException failure) {
      this.failure = failure;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
      body.completeExceptionally(failure);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {}

    @Override
    public void onError(Throwable throwable) {
      body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      body.completeExceptionally(failure);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }

  /**
   * Reads at most {@link Wire#MAX_RESPONSE_BYTES}; one byte more cancels the subscription (the
   * client then closes the connection) and fails the attempt with {@link Wire#responseTooLarge}.
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final Wire wire;
    private final int status;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private byte[] bytes;
    private int size;
    private Flow.@Nullable Subscription subscription;

    /**
     * @param expected the announced length (at most the limit), or a guess: the first capacity
     */
    BoundedBody(Wire wire, int status, int expected) {
      this.wire = wire;
      this.status = status;
      this.bytes = new byte[Math.max(expected, 0)];
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
        int remaining = item.remaining();
        if ((long) size + remaining > Wire.MAX_RESPONSE_BYTES) {
          Flow.Subscription held = subscription;
          if (held != null) {
            held.cancel();
          }
          body.completeExceptionally(wire.responseTooLarge(status));
          return;
        }
        if (size + remaining > bytes.length) {
          bytes =
              Arrays.copyOf(
                  bytes,
                  Math.min(Math.max(2 * bytes.length, size + remaining), Wire.MAX_RESPONSE_BYTES));
        }
        item.get(bytes, size, remaining);
        size += remaining;
      }
    }

    @Override
    public void onError(Throwable throwable) {
      body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      body.complete(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
