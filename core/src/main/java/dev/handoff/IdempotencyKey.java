package dev.handoff;

import dev.handoff.internal.Checks;

/**
 * An application's name for one business action (a click id, an event id, "transfer call X to
 * specialist Y, attempt of ticket Z"): requests sent through {@link
 * Handoff#withIdempotencyKey(IdempotencyKey)} with the same key are sent once. Derive it from the
 * action and the caller's id, never a random value per attempt; see {@code docs/fleet.md}. Stored
 * only as a SHA-256 hash.
 *
 * @param value 1-255 characters, none of them a control character
 */
public record IdempotencyKey(String value) {

  /**
   * @throws IllegalArgumentException if {@code value} is empty, longer than 255 characters or holds
   *     a control character
   * @throws NullPointerException if {@code value} is null
   */
  public IdempotencyKey {
    Checks.notNull(value, "value");
    if (value.isEmpty() || value.length() > 255) {
      throw new IllegalArgumentException(
          "an idempotency key must have 1-255 characters, had " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "an idempotency key must not hold control characters, was " + Checks.quote(value));
      }
    }
  }

  /** The key {@code value}; see {@link IdempotencyKey}. */
  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }
}
