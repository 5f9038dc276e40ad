package dev.handoff.callbacks;

import java.util.Objects;

/**
 * The answer of {@link SignatureVerifier#verify(CallbackRequest)}: whether the request is genuine,
 * and why not when it is not. It carries no secret and no signature: safe to log or return to an
 * operator. Immutable and thread-safe.
 *
 * @param genuine true only when a V3 signature matched and the nonce was not a replay
 * @param reason {@link Reason#GENUINE} exactly when {@code genuine}, else what failed
 */
public record Verification(boolean genuine, Reason reason) {
  private static final Verification GENUINE = new Verification(true, Reason.GENUINE);

  /**
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code genuine} disagrees with {@code reason}
   */
  public Verification {
    Objects.requireNonNull(reason, "reason");
    if (genuine != (reason == Reason.GENUINE)) {
      throw new IllegalArgumentException(
          "genuine must be true exactly when reason is GENUINE, was "
              + genuine
              + " with "
              + reason);
    }
  }

  /** The genuine answer. */
  static Verification genuineRequest() {
    return GENUINE;
  }

  /** A "not genuine" answer because of {@code reason}. */
  static Verification notGenuine(Reason reason) {
    return new Verification(false, reason);
  }

  /** Why a request is or is not genuine. None of them names a value of the request. */
  public enum Reason {
    /** A V3 signature matched (and, with a {@link NonceCache}, the nonce was new). */
    GENUINE,
    /** Neither {@code X-Plivo-Signature-V3} nor {@code X-Plivo-Signature-Ma-V3} was present. */
    MISSING_SIGNATURE,
    /**
     * Only the legacy {@code X-Plivo-Signature-V2} was present, which signs no body and is not
     * accepted.
     */
    ONLY_LEGACY_V2_SIGNATURE,
    /** {@code X-Plivo-Signature-V3-Nonce} was missing or empty. */
    MISSING_NONCE,
    /** A signature or nonce header came on more than one header line. */
    DUPLICATED_HEADER,
    /** The method was neither {@code GET} nor {@code POST}. */
    UNSUPPORTED_METHOD,
    /**
     * The public URL could not be formed: the target is not a URL or a path, or a trusted forwarded
     * header is malformed.
     */
    MALFORMED_URL,
    /** The query or the form body is not {@code application/x-www-form-urlencoded}. */
    MALFORMED_PARAMETERS,
    /**
     * No signature matched: another Auth Token, another URL (a proxy between Plivo and the
     * application?), or a changed parameter or nonce.
     */
    SIGNATURE_MISMATCH,
    /** A signature matched, but the {@link NonceCache} had seen the nonce already. */
    REPLAYED_NONCE
  }
}
