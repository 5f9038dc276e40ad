package dev.handoff.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Plivo (or a proxy in front of it) answered with a server error (HTTP 5xx).
 *
 * <p>For a transfer or action, <b>the outcome is unknown</b> on a 500, 502 or 504 (or a 503 without
 * {@code Retry-After}): Plivo may have performed it. A transfer is not idempotent, so Handoff never
 * re-sends these, and neither should you without checking first ({@code docs/errors.md} says how,
 * per operation). Only a 503 with {@code Retry-After} is a refusal to process, which Handoff's
 * {@code RetryPolicy} retries. A read ({@link PlivoRequest#isRead()}) is retried on any 5xx within
 * the deadline. When the body is not JSON (an HTML page), the message says so: the answer likely
 * came from a proxy or load balancer, not from Plivo.
 */
public final class PlivoUnavailableException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * @param request the request that failed: its {@link PlivoRequest#displayName()} names it in the
   *     message, and whether it {@link PlivoRequest#isRead() reads} decides its effect
   * @param status the HTTP status, 5xx
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt how a body that was not JSON reads (see {@link PlivoErrorException}), or null
   * @param retryAfter the {@code Retry-After} delay Plivo gave, or null
   */
  PlivoUnavailableException(
      PlivoRequest request,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt,
      @Nullable Duration retryAfter) {
    super(
        request,
        summary(request, status, retryAfter),
        !request.isRead() && !refusal(status, retryAfter)
            ? "; the outcome is unknown: Plivo may have performed it"
            : "",
        status,
        apiId,
        plivoError,
        excerpt);
    this.retryAfter = retryAfter;
  }

  private static String summary(PlivoRequest request, int status, @Nullable Duration retryAfter) {
    if (request.isRead()) {
      return "Plivo failed to answer " + request.displayName() + " (server error)";
    }
    if (retryAfter != null && refusal(status, retryAfter)) {
      return "Plivo could not take "
          + request.displayName()
          + " now and did not perform it (retry after "
          + retryAfter.toMillis()
          + " ms)";
    }
    return "Plivo answered " + request.displayName() + " with a server error";
  }

  /** A 503 with {@code Retry-After}: Plivo refused to process the request. */
  private static boolean refusal(int status, @Nullable Duration retryAfter) {
    return status == 503 && retryAfter != null;
  }

  /**
   * True for a transfer or action that met a 500, 502, 504 or a 503 without {@code Retry-After}:
   * Plivo may have performed it. False for a read, and for a 503 with {@code Retry-After}.
   */
  @Override
  public boolean mayHaveTakenEffect() {
    return !isRead() && !refusal(status(), retryAfter);
  }

  /**
   * True for a read, and for a 503 with {@code Retry-After}; false when Plivo may have performed
   * the request.
   */
  @Override
  public boolean isSafeToResend() {
    return !mayHaveTakenEffect();
  }

  /** How long Plivo asked to wait ({@code Retry-After}), or null when it did not say. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
