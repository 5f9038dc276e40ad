package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Plivo's acceptance of a request: the HTTP status (201 for PHLO actions, 202 for a call transfer;
 * any 2xx counts) and what the answer carried. An accepted request has been performed, or queued by
 * Plivo to be performed. Immutable and thread-safe.
 *
 * <p>A 2xx means Plivo accepted, whatever its body: a body that is not JSON, or is larger than
 * {@code Wire.MAX_RESPONSE_BYTES}, still makes a receipt, with {@link #unreadableBody()} saying why
 * the rest is missing. Never send the request again because a receipt has no {@code api_id}.
 *
 * @param status the HTTP status, 200-299
 * @param apiId Plivo's {@code api_id}, or null when the answer did not carry a readable one
 * @param message Plivo's {@code message} ({@code "call transfered"}, {@code "transfer executed"}),
 *     or null; Plivo's spelling varies, so never depend on its text
 * @param callUuids the legs Plivo moved, from a call transfer answer's {@code call_uuids}; empty
 *     when the answer did not list them (PHLO actions never do). Unmodifiable
 * @param unreadableBody null when the body was read (or empty); otherwise why it could not be, for
 *     example {@code "the body is not JSON"}: the request was still accepted
 */
public record Receipt(
    int status,
    @Nullable String apiId,
    @Nullable String message,
    List<String> callUuids,
    @Nullable String unreadableBody) {
  /**
   * @throws IllegalArgumentException if {@code status} is not 2xx
   * @throws NullPointerException if {@code callUuids} or one of its elements is null
   */
  public Receipt {
    if (status < 200 || status > 299) {
      throw new IllegalArgumentException("status must be 2xx, was " + status);
    }
    callUuids = List.copyOf(Checks.notNull(callUuids, "callUuids"));
  }

  /**
   * A receipt with only a status and an {@code api_id}, as PHLO actions answer.
   *
   * @throws IllegalArgumentException if {@code status} is not 2xx
   */
  public Receipt(int status, @Nullable String apiId) {
    this(status, apiId, null, List.of(), null);
  }
}
