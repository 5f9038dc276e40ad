package dev.handoff.model;

import dev.handoff.internal.Checks;

/**
 * An action on one member of a multi-party call: {@code POST
 * /v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}} with the body {@code
 * {"action": "<action>"}} (Plivo's "Update a member of a multi-party call" document).
 *
 * <pre>{@code
 * handoff.memberAction(new MemberAction(phloId, nodeId, Address.of("+14152223333"),
 *     MemberActionType.ABORT_TRANSFER));
 * }</pre>
 *
 * <p>The member address goes into the URL path; every transport sends it the same way: unreserved
 * characters and {@code + : @} as they are, anything else percent-encoded. Immutable and
 * thread-safe.
 *
 * @param phloId the PHLO that holds the node
 * @param nodeId the multi-party call node
 * @param member the member's address, a phone number or SIP URI
 * @param type what to do to the member (the body's {@code action})
 */
public record MemberAction(PhloId phloId, NodeId nodeId, Address member, MemberActionType type)
    implements PlivoRequest {

  /**
   * @throws NullPointerException naming a null field
   */
  public MemberAction {
    Checks.notNull(phloId, "phloId");
    Checks.notNull(nodeId, "nodeId");
    Checks.notNull(member, "member");
    Checks.notNull(type, "type");
  }

  @Override
  public String operation() {
    return type.wireValue();
  }

  /** The action's {@link MemberActionType#displayName()}. */
  @Override
  public String displayName() {
    return type.displayName();
  }
}
