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
  private final @Nullable String body;

  /**
   * @param body how the answer's body reads when it is not Plivo's JSON, for example {@code body
   *     "oops"} or {@code an HTML page, not Plivo's JSON (...): "502 Bad Gateway"}; or null
   */
  PlivoErrorException(
      PlivoRequest request,
      String summary,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String body) {
    this(request, summary, "", status, apiId, plivoError, body);
  }

  /**
   * @param consequence appended to the message after the answer's details, or empty
   */
  PlivoErrorException(
      PlivoRequest request,
      String summary,
      String consequence,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String body) {
    super(request, message(summary, status, apiId, plivoError, body) + consequence, null);
    this.status = status;
    this.apiId = apiId;
    this.plivoError = plivoError;
    this.body = body;
  }

  private static String message(
      String summary,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String body) {
    StringBuilder message = new StringBuilder(summary).append(": HTTP ").append(status);
    if (plivoError != null && !plivoError.isEmpty()) {
      message.append(", error \"").append(plivoError).append('"');
    } else if (body != null && !body.isEmpty()) {
      message.append(", ").append(body);
    }
    if (apiId != null) {
      message.append(", api_id ").append(apiId);
    }
    return message.toString();
  }

  /** How the body was described in the message, or null: for a copy with the same message. */
  @Nullable String body() {
    return body;
  }

  /**
   * Which exception Handoff makes of an answer with {@code status} that is not a success: {@link
   * AuthenticationFailedException} for 401, {@link NotPermittedException} 403, {@link
   * NotFoundException} 404, {@link RateLimitedException} 429, {@link PlivoUnavailableException}
   * 5xx, {@link RejectedException} any other (and a 2xx whose {@code error} is not empty). The one
   * table every transport's failures come from, for code that sees a response before Handoff gives
   * it its meaning (an interceptor's metrics).
   */
  public static Class<? extends PlivoErrorException> typeFor(int status) {
    if (status == 401) {
      return AuthenticationFailedException.class;
    }
    if (status == 403) {
      return NotPermittedException.class;
    }
    if (status == 404) {
      return NotFoundException.class;
    }
    if (status == 429) {
      return RateLimitedException.class;
    }
    return status >= 500 ? PlivoUnavailableException.class : RejectedException.class;
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
