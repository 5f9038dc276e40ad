package dev.handoff.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Plivo (or a proxy in front of it) answered with a server error (HTTP 5xx).
 *
 * <p><b>Plivo may have performed the request</b> on a 500, 502 or 504: a transfer is not
 * idempotent, so Handoff never re-sends these, and neither should you without checking the call's
 * state first. Only a 503 with {@code Retry-After} is a refusal to process, which Handoff's {@code
 * RetryPolicy} retries.
 */
public final class PlivoUnavailableException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * @param operation the operation that failed, for the message ({@link PlivoRequest#operation()})
   * @param status the HTTP status, 5xx
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt a short sanitised excerpt of a body that was not JSON, or null
   * @param retryAfter the {@code Retry-After} delay Plivo gave, or null
   */
  PlivoUnavailableException(
      String operation,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt,
      @Nullable Duration retryAfter) {
    super(
        "Plivo failed to perform " + operation + " and may have performed it",
        status,
        apiId,
        plivoError,
        excerpt);
    this.retryAfter = retryAfter;
  }

  /** How long Plivo asked to wait ({@code Retry-After}), or null when it did not say. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
