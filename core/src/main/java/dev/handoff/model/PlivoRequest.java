package dev.handoff.model;

/**
 * One request Handoff can send to Plivo. Every request is an immutable record that validated its
 * fields when it was built, so a request that exists can be sent.
 *
 * <p>The family is closed: {@link NodeAction} (warm transfer, cold transfer, add member), {@link
 * MemberAction}, {@link ReadNode} and {@link CallTransfer}.
 */
public sealed interface PlivoRequest permits NodeAction, MemberAction, ReadNode, CallTransfer {
  /**
   * A short name for the operation in messages and listener events: the wire action for node and
   * member actions ({@code "warm_transfer"}, {@code "hold"}), {@code "read_node"} and {@code
   * "call_transfer"} otherwise.
   */
  String operation();
}
