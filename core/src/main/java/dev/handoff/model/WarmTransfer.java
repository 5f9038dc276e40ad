package dev.handoff.model;

/**
 * A warm transfer ({@code action} {@code "warm_transfer"}): the initiator ({@code triggerSource},
 * U1) and the target ({@code to}, U3) first speak privately while the other member (U2) waits on
 * hold; U2 joins U3 when U1 hangs up. Plivo's document: "Warm transfer a caller" (PHLO multi-party
 * call).
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
public record WarmTransfer(
    PhloId phloId, NodeId nodeId, Address triggerSource, Address to, Role role)
    implements NodeAction {

  /**
   * @throws NullPointerException naming a null field
   */
  public WarmTransfer {
    NodeActionBuilder.check(phloId, nodeId, triggerSource, to, role);
  }

  /**
   * A request with the role {@link Role#AGENT}.
   *
   * @throws NullPointerException naming a null field
   */
  public WarmTransfer(PhloId phloId, NodeId nodeId, Address triggerSource, Address to) {
    this(phloId, nodeId, triggerSource, to, Role.AGENT);
  }

  /** A builder with named setters; the role defaults to {@link Role#AGENT}. */
  public static NodeActionBuilder<WarmTransfer> builder() {
    return new NodeActionBuilder<>(WarmTransfer::new);
  }

  /** Always {@link NodeAction.Type#WARM_TRANSFER}. */
  @Override
  public Type type() {
    return Type.WARM_TRANSFER;
  }
}
