package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * Plivo answered with an error: a non-2xx status, or a 2xx whose {@code error} field is not empty.
 * Carries the HTTP status, Plivo's {@code api_id} and {@code error} text when Plivo sent them.
 *
 * <p>The message reads {@code "<what happened>: HTTP <status>, error \"<text>\", api_id <id>"};
 * when the answer was not JSON (an HTML error page from a proxy, say) a short sanitised excerpt of
 * it stands instead of the error text.
 */
public abstract sealed class PlivoErrorException extends HandoffException
    permits AuthenticationFailedException,
        NotPermittedException,
        NotFoundException,
        RejectedException,
        RateLimitedException,
        PlivoUnavailableException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String apiId;
  private final @Nullable String plivoError;

  PlivoErrorException(
      String summary,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super(message(summary, status, apiId, plivoError, excerpt), null);
    this.status = status;
    this.apiId = apiId;
    this.plivoError = plivoError;
  }

  private static String message(
      String summary,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    StringBuilder message = new StringBuilder(summary).append(": HTTP ").append(status);
    if (plivoError != null && !plivoError.isEmpty()) {
      message.append(", error \"").append(plivoError).append('"');
    } else if (excerpt != null && !excerpt.isEmpty()) {
      message.append(", body \"").append(excerpt).append('"');
    }
    if (apiId != null) {
      message.append(", api_id ").append(apiId);
    }
    return message.toString();
  }

  /** The HTTP status Plivo answered with. */
  public int status() {
    return status;
  }

  /** Plivo's {@code api_id} for this request, or null when the answer carried none. */
  public @Nullable String apiId() {
    return apiId;
  }

  /**
   * Plivo's {@code error} text, for example {@code "to is a mandatory param."}, or null when the
   * answer carried none.
   */
  public @Nullable String plivoError() {
    return plivoError;
  }
}
