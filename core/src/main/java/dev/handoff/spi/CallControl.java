package dev.handoff.spi;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The driven port: one door through which {@code dev.handoff.Handoff} sends every attempt of every
 * request. Transports (Retrofit, Vert.x) and fakes implement it; applications call {@code Handoff},
 * which adds the interceptors, status mapping, retries, the deadline and listener events on top,
 * identically for every implementation.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #send} sends exactly the request its {@link Wire} describes, once, and never blocks
 *       the calling thread; it must not retry, follow a redirect, or look at the request's type.
 *       {@link #sendBlocking} does the same on the calling thread.
 *   <li>The future completes with the {@link PlivoResponse} for <em>any</em> HTTP status, or
 *       exceptionally with a {@link dev.handoff.model.TransportFailureException} when there is no
 *       usable response (made by {@link Wire#failure}, {@link Wire#closed} or {@link
 *       Wire#responseTooLarge}); no other exception type.
 *   <li>Cancelling the returned future aborts the HTTP exchange.
 *   <li>A response body over {@link Wire#MAX_RESPONSE_BYTES} is not read into memory: the attempt
 *       fails with {@link Wire#responseTooLarge}.
 *   <li>Implementations are thread-safe.
 * </ul>
 */
public interface CallControl extends AutoCloseable {

  /**
   * Sends one attempt of the request {@code wire} describes, without blocking.
   *
   * @return a future completed with Plivo's response, whatever its status, or exceptionally with a
   *     {@link dev.handoff.model.TransportFailureException}
   */
  CompletableFuture<PlivoResponse> send(Wire wire);

  /**
   * Sends one attempt and blocks the calling thread until its response: what {@code Handoff}'s
   * blocking forms call for their first attempt, on the application's thread, which waits anyway. A
   * transport whose client can run an exchange on the calling thread (OkHttp's {@code
   * Call.execute()}) overrides it to spare the two thread hand-offs of "send asynchronously, then
   * wait". The default does exactly that: {@link #send}, then a wait that an interrupt ends.
   *
   * <p>Same contract as {@link #send} otherwise. {@code Handoff} completes {@code abort}, from
   * another thread, only when the attempt must stop: its deadline passed, {@code Handoff} was
   * closed, or the waiting caller was interrupted (which {@code Handoff} notices within its 10 ms
   * deadline sweep, even while the thread is blocked in socket I/O). The implementation must then
   * abort the HTTP exchange and return or throw promptly; what it returns or throws is ignored. It
   * may also abort when it notices the thread's interrupt itself, but must leave the interrupt flag
   * set: {@code Handoff} then fails the operation as interrupted.
   *
   * @param wire the request to send
   * @param abort completed by {@code Handoff} to abort the attempt; never completed otherwise
   * @return Plivo's response, whatever its HTTP status
   * @throws dev.handoff.model.TransportFailureException when there is no usable response, exactly
   *     as {@link #send} fails
   * @throws CancellationException (the default) when {@code abort} completed or the thread was
   *     interrupted
   */
  default PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
    CompletableFuture<PlivoResponse> response = send(wire);
    abort.whenComplete((ignored, failure) -> response.cancel(true));
    try {
      return response.get();
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt(); // for Handoff, which reports the operation as interrupted
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      // The transport's own exception, so that Handoff describes it and not this wrapper.
      throw e.getCause() instanceof RuntimeException cause
          ? cause
          : new CompletionException(e.getCause());
    }
  }

  /**
   * The transport's short name, as the {@code User-Agent} shows it: {@code "retrofit"}, {@code
   * "vertx"}. The default is {@code "custom"}.
   */
  default String name() {
    return "custom";
  }

  /**
   * The executor of the calling thread's context, when the caller runs on one that its operations
   * must come back to (a Vert.x verticle's event loop), else null (the default). {@code Handoff}
   * asks it once as each operation starts, on the caller's thread, and runs that operation's
   * retries and deadline failure on it, so that an operation started on a context is retried and
   * completed on that context whatever happens.
   */
  default @Nullable Executor contextExecutor() {
    return null;
  }

  /**
   * Whether the current thread must never block, such as a Vert.x event loop. The blocking methods
   * of {@code Handoff} fail at once with {@link IllegalStateException} on such a thread. The
   * default is {@code false}.
   */
  default boolean isNonBlockingThread() {
    return false;
  }

  /**
   * Releases every thread, connection and timer this transport created, aborting exchanges in
   * flight. Idempotent. Resources the caller lent (a borrowed Vert.x instance, say) stay open.
   */
  @Override
  void close();
}
