package dev.handoff.model;

import dev.handoff.internal.Checks;

/**
 * The id of a multi-party call node inside a PHLO (shown in the node's configuration panel).
 *
 * <p>1 to 64 letters, digits, {@code -} or {@code _}: a {@code /}, {@code ..}, space or control
 * character can never reach a URL path. Immutable and thread-safe.
 *
 * @param value the node id as Plivo shows it
 */
public record NodeId(String value) {
  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} breaks the rule above
   */
  public NodeId {
    Checks.valid(Checks.notNull(value, "nodeId"), PhloId.isId(value), "nodeId", PhloId.ID_RULE);
  }

  /** Same as {@code new NodeId(value)}. */
  public static NodeId of(String value) {
    return new NodeId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
