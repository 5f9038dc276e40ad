package dev.handoff.model;

/**
 * One request Handoff can send to Plivo. Every request is an immutable record that validated its
 * fields when it was built, so a request that exists can be sent.
 *
 * <p>The family is closed: {@link NodeAction} (warm transfer, cold transfer, add member), {@link
 * MemberAction}, {@link ReadNode}, {@link CallTransfer} and {@link ReadLiveCall}. The two reads
 * change nothing on Plivo's side ({@link #isRead()}), so Handoff retries them where it never
 * retries a transfer.
 */
public sealed interface PlivoRequest
    permits NodeAction, MemberAction, ReadNode, CallTransfer, ReadLiveCall {
  /**
   * A stable identifier of the operation, for code, metrics and logs: the wire action for node and
   * member actions ({@code "warm_transfer"}, {@code "call"}, {@code "hold"}), {@code "read_node"},
   * {@code "call_transfer"} and {@code "read_live_call"} otherwise. Low cardinality: one of 16
   * values.
   */
  String operation();

  /**
   * The operation named as a person would, for messages: {@code "warm transfer"}, {@code "add
   * member (call)"}, {@code "hang up member (hangup)"}, {@code "read node"}, {@code "call
   * transfer"}, {@code "read live call"}. Where the words differ from the wire value, the wire
   * value follows in parentheses. Messages and listener events of Handoff use this name.
   */
  String displayName();

  /**
   * Whether this request only reads ({@link ReadNode}, {@link ReadLiveCall}): sending it twice
   * changes nothing, so Handoff retries it on transport failures and 5xx answers within the
   * deadline, and its failures never "may have taken effect".
   */
  default boolean isRead() {
    return false;
  }
}
