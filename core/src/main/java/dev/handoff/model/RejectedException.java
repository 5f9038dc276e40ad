package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * Plivo refused the request as invalid: HTTP 400 or 422 ("to is a mandatory param."), another 4xx
 * Plivo does not document, or a 2xx whose {@code error} field is not empty.
 *
 * <p>Nothing was performed. Retrying the same request cannot help; {@link #plivoError()} says what
 * to fix.
 */
public final class RejectedException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operation the operation that failed, for the message ({@link PlivoRequest#operation()})
   * @param status the HTTP status
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt a short sanitised excerpt of a body that was not JSON, or null
   */
  RejectedException(
      String operation,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super("Plivo rejected " + operation, status, apiId, plivoError, excerpt);
  }
}
