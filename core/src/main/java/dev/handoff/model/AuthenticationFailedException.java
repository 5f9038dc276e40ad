package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * Plivo did not accept the credentials (HTTP 401): the Auth ID or Auth Token is wrong, or the
 * account is suspended.
 *
 * <p>Nothing was performed. Fix the credentials; retrying the same request cannot help.
 */
public final class AuthenticationFailedException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operation the operation that failed, for the message ({@link PlivoRequest#operation()})
   * @param status the HTTP status
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt a short sanitised excerpt of a body that was not JSON, or null
   */
  AuthenticationFailedException(
      String operation,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super("Plivo rejected the credentials for " + operation, status, apiId, plivoError, excerpt);
  }
}
