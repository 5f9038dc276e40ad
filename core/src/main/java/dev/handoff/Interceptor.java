package dev.handoff;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;

/**
 * Acts around an operation or around each of its attempts, as OkHttp's application and network
 * interceptors (and the Azure SDK's {@code HttpPipelinePolicy}) do. Registered in {@link
 * HandoffConfig}, in order, at one of two levels:
 *
 * <ul>
 *   <li><b>operation</b> ({@link HandoffConfig.Builder#addOperationInterceptor}): once per {@link
 *       Handoff} call, around all its attempts and retries. It may answer without sending (a
 *       de-duplicator returning the response it stored), fail fast, or pass the operation on; what
 *       it returns is what the operation's result is made of.
 *   <li><b>attempt</b> ({@link HandoffConfig.Builder#addAttemptInterceptor}): around each attempt,
 *       the first and every retry. It may delay the attempt (a rate limiter), or tag and time it.
 * </ul>
 *
 * <p>Both levels are asynchronous: {@link #intercept} returns at once, and a wait is a stage that
 * completes later, never a blocked thread (an event loop may be running it). The operation's one
 * deadline ({@link HandoffConfig#timeout()}) bounds everything: when it passes, the operation fails
 * with {@link dev.handoff.model.DeadlineExceededException} whatever an interceptor is waiting for,
 * and an attempt that has not reached the transport yet is never sent.
 *
 * <p>The order of one operation, written down once:
 *
 * <ol>
 *   <li>The request's own checks (it validated itself when built), the closed and thread checks:
 *       failures are thrown to the caller.
 *   <li>{@link TransferListener#operationStarted}; the deadline starts.
 *   <li>The operation interceptors, first registered outermost. An exception an operation
 *       interceptor <em>throws</em> (rather than returns as a failed stage) while the operation
 *       starts, other than a {@link dev.handoff.model.HandoffException}, counts as a validation
 *       failure: the operation fails with {@link TransferListener#operationFailed} and the
 *       exception is thrown to the caller as it is, from the asynchronous forms too.
 *   <li>The innermost {@link Chain#proceed()} runs the attempts. For each: {@link
 *       TransferListener#attemptStarted}; the attempt interceptors, first registered outermost; the
 *       transport ({@code CallControl.send}, or, for a blocking caller's first attempt, {@code
 *       sendBlocking} on the caller's thread: where the chain reached the transport on another
 *       thread, the waiting caller is handed the exchange); then {@link
 *       TransferListener#responseReceived} or {@link TransferListener#attemptFailed}.
 *   <li>The {@link RetryPolicy} judges what came back through the attempt interceptors; a retry
 *       emits {@link TransferListener#retryScheduled} and starts the next attempt after its delay.
 *   <li>The last response (or failure) goes back out through the operation interceptors.
 *   <li>What they return is mapped (a 2xx to the receipt or node, any other status to its {@link
 *       dev.handoff.model.PlivoErrorException}); {@link TransferListener#operationSucceeded} or
 *       {@link TransferListener#operationFailed}; the future completes.
 * </ol>
 *
 * <p>A stage that fails with a {@link dev.handoff.model.HandoffException} fails the operation (or,
 * at attempt level, the attempt, which the retry policy then judges) with it. Any other failure is
 * wrapped in a {@link dev.handoff.model.TransportFailureException}: {@code NOT_SENT} when the
 * transport was not reached, else {@code UNKNOWN}. Interceptors are called on whatever thread
 * reaches them (the caller's, a transport's, the operation's executor: see {@link
 * HandoffConfig#executor()}): they must be thread-safe and must not block.
 */
@FunctionalInterface
public interface Interceptor {

  /**
   * Acts on one operation or one attempt: calls {@link Chain#proceed()} at most once, at once or
   * later, or answers without it.
   *
   * @return the response, or a stage failed with why there is none
   */
  CompletionStage<PlivoResponse> intercept(Chain chain);

  /** What an interceptor sees and how it passes the operation or attempt on. */
  interface Chain {
    /** The request, validated. */
    PlivoRequest request();

    /**
     * The attempt's number, 1 for the first, at attempt level; 0 at operation level, which is
     * around every attempt.
     */
    int attempt();

    /**
     * The time left before the operation's deadline; zero or negative once it passed. An
     * interceptor that would wait longer should fail at once instead.
     */
    Duration remaining();

    /**
     * State of this one operation, shared by its operation-level chain and the chain of each of its
     * attempts: an operation interceptor puts there what its attempt interceptors need (a tracer's
     * operation span, say), and they read it on whatever thread each attempt runs. Keys belong to
     * the interceptor that puts them (its own class or a private object), so that two interceptors
     * never collide; Handoff itself puts nothing there. Empty when the operation starts,
     * thread-safe, and gone with the operation: a request record may be sent by several operations
     * at once, so it cannot serve as such a key.
     *
     * @return the operation's map, the same instance for every chain of the operation
     */
    ConcurrentMap<Object, Object> attributes();

    /**
     * The idempotency key the operation was started with ({@link Handoff#withIdempotencyKey}), at
     * both levels; empty for an operation started without one.
     */
    default java.util.Optional<IdempotencyKey> idempotencyKey() {
      return java.util.Optional.empty();
    }

    /**
     * Passes the operation or attempt on to the next interceptor, or to the attempts (operation
     * level) or the transport (attempt level) after the last one.
     *
     * @return the stage of what comes back
     * @throws IllegalStateException if called a second time on this chain: sending twice could
     *     transfer a call twice
     */
    CompletionStage<PlivoResponse> proceed();
  }
}
