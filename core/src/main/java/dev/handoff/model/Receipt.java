package dev.handoff.model;

import org.jspecify.annotations.Nullable;

/**
 * Plivo's acceptance of a request: the HTTP status (201 for PHLO actions, 202 for a call transfer;
 * any 2xx counts) and Plivo's {@code api_id} for support tickets. An accepted request has been
 * performed, or queued by Plivo to be performed. Immutable and thread-safe.
 *
 * @param status the HTTP status, 200-299
 * @param apiId Plivo's {@code api_id}, or null when the answer did not carry a readable one
 */
public record Receipt(int status, @Nullable String apiId) {
  /**
   * @throws IllegalArgumentException if {@code status} is not 2xx
   */
  public Receipt {
    if (status < 200 || status > 299) {
      throw new IllegalArgumentException("status must be 2xx, was " + status);
    }
  }
}
