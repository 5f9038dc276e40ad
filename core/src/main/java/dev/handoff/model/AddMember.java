package dev.handoff.model;

/**
 * Adds a member to a multi-party call ({@code action} {@code "call"}): Plivo dials {@code to} and
 * adds them with {@code role}. Plivo's document: "Add a member to a multi-party call" (PHLO).
 *
 * <p>Sent as {@code POST /v1/phlo/{phlo_id}/multi_party_call/{node_id}} with {@code action}, {@code
 * to}, {@code role} and {@code trigger_source}. Build one with {@link #builder()} or the
 * constructors; every field is validated when the record is built. Immutable and thread-safe.
 *
 * @param phloId the PHLO that holds the node
 * @param nodeId the multi-party call node
 * @param triggerSource the member initiating the action ({@code trigger_source})
 * @param to the party to dial ({@code to})
 * @param role the role the dialled party takes; {@link Role#AGENT} by default
 */
public record AddMember(PhloId phloId, NodeId nodeId, Address triggerSource, Address to, Role role)
    implements NodeAction {

  /**
   * @throws NullPointerException naming a null field
   */
  public AddMember {
    NodeActionBuilder.check(phloId, nodeId, triggerSource, to, role);
  }

  /**
   * A request with the role {@link Role#AGENT}.
   *
   * @throws NullPointerException naming a null field
   */
  public AddMember(PhloId phloId, NodeId nodeId, Address triggerSource, Address to) {
    this(phloId, nodeId, triggerSource, to, Role.AGENT);
  }

  /** A builder with named setters; the role defaults to {@link Role#AGENT}. */
  public static NodeActionBuilder<AddMember> builder() {
    return new NodeActionBuilder<>(AddMember::new);
  }

  /** Always {@link NodeAction.Type#CALL}. */
  @Override
  public Type type() {
    return Type.CALL;
  }
}
