package dev.handoff;

import dev.handoff.model.HandoffException;
import dev.handoff.model.PlivoRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Observes every operation a {@link Handoff} performs: where diagnostics go instead of logging
 * (Handoff itself never logs), in the spirit of OkHttp's {@code EventListener}.
 *
 * <p>For one operation the events come in this order: {@link #operationStarted}, then for each
 * attempt {@link #attemptStarted} followed by {@link #responseReceived} or {@link #attemptFailed},
 * then {@link #retryScheduled} before each further attempt, and finally exactly one of {@link
 * #operationSucceeded} or {@link #operationFailed} (also for a cancellation or a timeout). The
 * final event is delivered before the operation's future completes. The events of one operation
 * never overlap and none follows its final event, even when the transport's thread and Handoff's
 * timer race (a timeout comes after {@code attemptStarted} of the first attempt, unless an
 * operation interceptor holds the operation before it). Where the events fall among the
 * interceptors and the retry policy is written down in {@link Interceptor}.
 *
 * <p>It observes; to act around an operation or an attempt (wait, answer without sending, tag),
 * register an {@link Interceptor}.
 *
 * <p>Methods are called on whatever thread the transport completes on (an OkHttp dispatcher thread,
 * a Vert.x event loop, or for retries and timeouts the operation's executor, see {@link
 * HandoffConfig#executor()}; never Handoff's timer): implementations must be thread-safe, fast and
 * must not block. An exception thrown by a listener is ignored. Events never carry credentials. All
 * methods do nothing by default.
 */
public interface TransferListener {
  /** A listener that ignores every event: the default. */
  TransferListener NONE = new TransferListener() {};

  /**
   * An operation started: the request is valid, and the operation interceptors (if any) are about
   * to see it.
   */
  default void operationStarted(PlivoRequest request) {}

  /**
   * Attempt {@code attempt} (1 for the first) starts: it goes through the attempt interceptors,
   * then to the transport.
   *
   * @param attempt the attempt's number, starting at 1
   */
  default void attemptStarted(PlivoRequest request, int attempt) {}

  /**
   * Plivo answered attempt {@code attempt} with HTTP {@code status} (any status, 2xx or not).
   *
   * @param attempt the attempt's number, starting at 1
   * @param status the HTTP status
   */
  default void responseReceived(PlivoRequest request, int attempt, int status) {}

  /**
   * Attempt {@code attempt} got no usable answer.
   *
   * @param attempt the attempt's number, starting at 1
   * @param failure what went wrong; see its {@code delivery()}
   */
  default void attemptFailed(PlivoRequest request, int attempt, HandoffException failure) {}

  /**
   * Attempt {@code attempt} failed in a way that certainly did not take effect, and attempt {@code
   * attempt + 1} will start after {@code delay}.
   *
   * @param attempt the attempt that failed
   * @param delay how long Handoff waits before the next attempt
   * @param reason why the attempt failed
   */
  default void retryScheduled(
      PlivoRequest request, int attempt, Duration delay, HandoffException reason) {}

  /**
   * Attempt {@code attempt} waits {@code wait} for a permit of the shared rate budget ({@link
   * HandoffConfig.Builder#rateBudget}) before it is sent; it may wait again after that if another
   * instance took the permit first.
   *
   * @param attempt the attempt's number, starting at 1
   * @param wait how long it waits now
   */
  default void rateBudgetWait(PlivoRequest request, int attempt, Duration wait) {}

  /**
   * A store that coordinates a fleet failed or could not be reached, and the operation went on as
   * {@code mode} says: sent uncoordinated ({@link FailureMode#FAIL_OPEN}) or refused ({@link
   * FailureMode#FAIL_CLOSED}, its {@link #operationFailed} follows).
   *
   * @param store which store: {@code "rate budget"} or {@code "idempotency store"}
   * @param mode what the operation did about it
   * @param cause the store's failure; it carries no credential (a Redis URL's password is masked)
   */
  default void coordinationFailed(
      PlivoRequest request, String store, FailureMode mode, Throwable cause) {}

  /**
   * The operation succeeded.
   *
   * @param attempts how many attempts it took
   * @param elapsed the time from {@link #operationStarted} to now
   * @param apiId Plivo's {@code api_id} for the accepted request or the read, for support tickets;
   *     null when the answer carried none (see {@link dev.handoff.model.Receipt#unreadableBody()})
   */
  default void operationSucceeded(
      PlivoRequest request, int attempts, Duration elapsed, @Nullable String apiId) {}

  /**
   * The operation failed, timed out or was cancelled.
   *
   * @param attempts how many attempts were started
   * @param elapsed the time from {@link #operationStarted} to now
   * @param failure a {@link HandoffException}, or a {@link
   *     java.util.concurrent.CancellationException} when the caller cancelled
   */
  default void operationFailed(
      PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {}
}
