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
   * @param request the request that failed: its {@link PlivoRequest#displayName()} names it in the
   *     message, and whether it {@link PlivoRequest#isRead() reads} decides its effect
   * @param status the HTTP status
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt how a body that was not JSON reads (see {@link PlivoErrorException}), or null
   */
  NotPermittedException(
      PlivoRequest request,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super(
        request,
        "Plivo did not permit " + request.displayName(),
        status,
        apiId,
        plivoError,
        excerpt);
  }

  /** Always false: Plivo refused the request and performed nothing. */
  @Override
  public boolean mayHaveTakenEffect() {
    return false;
  }

  /** Always false: sent again unchanged, the request meets the same refusal. */
  @Override
  public boolean isSafeToResend() {
    return false;
  }
}
