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
   * @param request the request that failed: its {@link PlivoRequest#displayName()} names it in the
   *     message, and whether it {@link PlivoRequest#isRead() reads} decides its effect
   * @param status the HTTP status
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, or null
   * @param excerpt how a body that was not JSON reads (see {@link PlivoErrorException}), or null
   */
  NotFoundException(
      PlivoRequest request,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt) {
    super(
        request,
        "Plivo found no such PHLO, node, member or live call for " + request.displayName(),
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
