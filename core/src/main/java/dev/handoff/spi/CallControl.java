package dev.handoff.spi;

import dev.handoff.model.CallTransfer;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.ReadNode;
import java.util.concurrent.CompletableFuture;

/**
 * The driven port: one attempt of one request to Plivo, asynchronously. Transports (Retrofit,
 * Vert.x) and fakes implement it; applications call {@code dev.handoff.Handoff}, which adds
 * validation, status mapping, retries, the deadline and listener events on top, identically for
 * every implementation.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Each method sends exactly one request, the one {@link Wire} describes, and never blocks the
 *       calling thread; it must not retry.
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
