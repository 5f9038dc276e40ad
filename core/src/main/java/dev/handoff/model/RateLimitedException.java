package dev.handoff.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Plivo refused the request because the account sent too many (HTTP 429; Plivo allows 300 API
 * requests per 5 seconds).
 *
 * <p>Nothing was performed, so the request is safe to send again after {@link #retryAfter()}.
 * Handoff's {@code RetryPolicy} already did so, within its attempts and the operation's deadline,
 * before this reached you.
 */
public final class RateLimitedException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * @param request the request that failed: its {@link PlivoRequest#displayName()} names it in the
   *     message, and whether it {@link PlivoRequest#isRead() reads} decides its effect
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt how a body that was not JSON reads (see {@link PlivoErrorException}), or null
   * @param retryAfter the {@code Retry-After} delay Plivo gave, or null
   */
  RateLimitedException(
      PlivoRequest request,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt,
      @Nullable Duration retryAfter) {
    super(
        request,
        "Plivo rate-limited "
            + request.displayName()
            + (retryAfter == null ? "" : " (retry after " + retryAfter.toMillis() + " ms)"),
        429,
        apiId,
        plivoError,
        excerpt);
    this.retryAfter = retryAfter;
  }

  /** How long Plivo asked to wait ({@code Retry-After}), or null when it did not say. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** Always false: Plivo refused the request and performed nothing. */
  @Override
  public boolean mayHaveTakenEffect() {
    return false;
  }

  /** Always true: the request may be sent again unchanged, after {@link #retryAfter()}. */
  @Override
  public boolean isSafeToResend() {
    return true;
  }
}
