package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * An action on one member of a multi-party call: {@code POST
 * /v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}} with the body {@code
 * {"action": "<action>"}} (Plivo's "Update a member of a multi-party call" document).
 *
 * <pre>{@code
 * handoff.memberAction(MemberAction.builder()
 *     .phloId(phloId).nodeId(nodeId)
 *     .member("+14152223333")
 *     .type(MemberActionType.ABORT_TRANSFER)
 *     .build());
 * }</pre>
 *
 * <p>{@link MemberActionType#MUTE} and {@link MemberActionType#UNMUTE} rest on thin evidence: Plivo
 * documents them for conference-bridge members only, not for multi-party calls.
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

  /** A builder with named fields, like {@link WarmTransfer#builder()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link MemberAction} with named fields. Each setter validates at once and throws
   * {@link IllegalArgumentException} naming the field and its rule; {@link #build()} throws {@link
   * NullPointerException} naming a missing field. Not thread-safe; the built request is.
   */
  public static final class Builder {
    private @Nullable PhloId phloId;
    private @Nullable NodeId nodeId;
    private @Nullable Address member;
    private @Nullable MemberActionType type;

    private Builder() {}

    /**
     * Sets the PHLO id.
     *
     * @throws IllegalArgumentException if {@code phloId} is not a valid PHLO id
     */
    public Builder phloId(String phloId) {
      return phloId(PhloId.of(phloId));
    }

    /** Sets the PHLO id. */
    public Builder phloId(PhloId phloId) {
      this.phloId = Checks.notNull(phloId, "phloId");
      return this;
    }

    /**
     * Sets the multi-party call node id.
     *
     * @throws IllegalArgumentException if {@code nodeId} is not a valid node id
     */
    public Builder nodeId(String nodeId) {
      return nodeId(NodeId.of(nodeId));
    }

    /** Sets the multi-party call node id. */
    public Builder nodeId(NodeId nodeId) {
      this.nodeId = Checks.notNull(nodeId, "nodeId");
      return this;
    }

    /**
     * The member's address ({@code member_address}): a phone number or a SIP URI.
     *
     * @throws IllegalArgumentException if {@code member} is not a valid address
     */
    public Builder member(String member) {
      return member(Address.of(member, "member"));
    }

    /** Sets the member's address. */
    public Builder member(Address member) {
      this.member = Checks.notNull(member, "member");
      return this;
    }

    /** What to do to the member (the body's {@code action}). */
    public Builder type(MemberActionType type) {
      this.type = Checks.notNull(type, "type");
      return this;
    }

    /**
     * The member action.
     *
     * @throws NullPointerException naming the first missing field
     */
    public MemberAction build() {
      return new MemberAction(
          Checks.notNull(phloId, "phloId"),
          Checks.notNull(nodeId, "nodeId"),
          Checks.notNull(member, "member"),
          Checks.notNull(type, "type"));
    }
  }
}
