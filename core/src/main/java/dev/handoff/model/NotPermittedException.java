package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * Plivo accepted the credentials but does not permit this request (HTTP 403): a subaccount without
 * access to the PHLO, say.
 *
 * <p>Nothing was performed. Retrying the same request cannot help.
 */
public final class NotPermittedException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operation the operation that failed, for the message ({@link PlivoRequest#operation()})
   * @param status the HTTP status
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt a short sanitised excerpt of a body that was not JSON, or null
   */
  NotPermittedException(
      String operation,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super("Plivo did not permit " + operation, status, apiId, plivoError, excerpt);
  }
}
