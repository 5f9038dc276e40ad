package dev.handoff.spi;

import dev.handoff.model.CallTransfer;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The driven port: one attempt of one request to Plivo, asynchronously (or, for {@code Handoff}'s
 * blocking forms, on the calling thread: {@link #sendBlocking}). Transports (Retrofit, Vert.x) and
 * fakes implement it; applications call {@code dev.handoff.Handoff}, which adds validation, status
 * mapping, retries, the deadline and listener events on top, identically for every implementation.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Each method sends exactly one request, the one {@link Wire} describes, and never blocks the
 *       calling thread (but {@link #sendBlocking}, which exists to block it); it must not retry.
 *   <li>The future completes with the {@link PlivoAnswer} for <em>any</em> HTTP status, or
 *       exceptionally with a {@link dev.handoff.model.TransportFailureException} when there is no
 *       usable answer (see {@link Wire#transportFailure(String, Throwable, boolean)}); no other
 *       exception type.
 *   <li>Cancelling the returned future aborts the HTTP exchange.
 *   <li>An answer body over {@link Wire#MAX_ANSWER_BYTES} is not read into memory: the future fails
 *       with {@link dev.handoff.model.Delivery#UNKNOWN}.
 *   <li>Implementations are thread-safe.
 * </ul>
 */
public interface CallControl extends AutoCloseable {

  /** Sends a node action (call, warm transfer, cold transfer). */
  CompletableFuture<PlivoAnswer> nodeAction(NodeAction action);

  /** Sends a member action. */
  CompletableFuture<PlivoAnswer> memberAction(MemberAction action);

  /** Reads a multi-party call node. */
  CompletableFuture<PlivoAnswer> readNode(ReadNode read);

  /** Sends a Voice API call transfer. */
  CompletableFuture<PlivoAnswer> transferCall(CallTransfer transfer);

  /**
   * Sends one attempt of {@code request} and blocks the calling thread until its answer: what
   * {@code Handoff}'s blocking forms call for their first attempt, on the application's thread,
   * which waits anyway. A transport whose client can run an exchange on the calling thread
   * (OkHttp's {@code Call.execute()}) overrides it to spare the two thread hand-offs of "send
   * asynchronously, then wait" (one to the transport's thread, one back); BENCHMARKS.md measures
   * them. The default does exactly that: the asynchronous method for the request's type, then a
   * wait that an interrupt ends.
   *
   * <p>Same contract as the asynchronous methods otherwise: exactly one request, an answer for any
   * HTTP status, no retry, the same answer size limit. {@code Handoff} completes {@code abort},
   * from another thread, only when the attempt must stop: its deadline passed, {@code Handoff} was
   * closed, or the waiting caller was interrupted (which {@code Handoff} notices within its 10 ms
   * deadline sweep, even while the thread is blocked in socket I/O). The implementation must then
   * abort the HTTP exchange and return or throw promptly; what it returns or throws is ignored. It
   * may also abort when it notices the thread's interrupt itself, but must leave the interrupt flag
   * set: {@code Handoff} then fails the operation as interrupted.
   *
   * @param request the request to send; one of the four kinds the asynchronous methods take
   * @param abort completed by {@code Handoff} to abort the attempt; never completed otherwise
   * @return Plivo's answer, whatever its HTTP status
   * @throws dev.handoff.model.TransportFailureException when there is no usable answer, exactly as
   *     the asynchronous methods fail
   * @throws CancellationException (the default) when {@code abort} completed or the thread was
   *     interrupted
   */
  default PlivoAnswer sendBlocking(PlivoRequest request, CompletionStage<?> abort) {
    CompletableFuture<PlivoAnswer> answer;
    if (request instanceof NodeAction action) {
      answer = nodeAction(action);
    } else if (request instanceof MemberAction action) {
      answer = memberAction(action);
    } else if (request instanceof ReadNode read) {
      answer = readNode(read);
    } else {
      answer = transferCall((CallTransfer) request);
    }
    abort.whenComplete((ignored, failure) -> answer.cancel(true));
    try {
      return answer.get();
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt(); // for Handoff, which reports the operation as interrupted
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new CompletionException(e);
    }
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
