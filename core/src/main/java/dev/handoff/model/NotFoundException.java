package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * Plivo knows no such PHLO, node, member or call (HTTP 404). Routine in live call control: the
 * member hung up or the call ended before the request arrived.
 *
 * <p>Nothing was performed. Not worth retrying as is.
 */
public final class NotFoundException extends PlivoErrorException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operation the operation that failed, for the message ({@link PlivoRequest#operation()})
   * @param status the HTTP status
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt a short sanitised excerpt of a body that was not JSON, or null
   */
  NotFoundException(
      String operation,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super(
        "Plivo found no such PHLO, node, member or call for " + operation,
        status,
        apiId,
        plivoError,
        excerpt);
  }
}
