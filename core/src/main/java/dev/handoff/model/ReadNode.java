package dev.handoff.model;

import dev.handoff.internal.Checks;

/**
 * Reads a multi-party call node: {@code GET /v1/phlo/{phlo_id}/multi_party_call/{node_id}} (Plivo's
 * "Retrieve a multi-party call" document), answered with a {@link MultiPartyCallNode}. Immutable
 * and thread-safe.
 *
 * @param phloId the PHLO that holds the node
 * @param nodeId the multi-party call node
 */
public record ReadNode(PhloId phloId, NodeId nodeId) implements PlivoRequest {
  /**
   * @throws NullPointerException naming a null field
   */
  public ReadNode {
    Checks.notNull(phloId, "phloId");
    Checks.notNull(nodeId, "nodeId");
  }

  @Override
  public String operation() {
    return "read_node";
  }

  /** {@code "read node"}. */
  @Override
  public String displayName() {
    return "read node";
  }

  /** Always true. */
  @Override
  public boolean isRead() {
    return true;
  }
}
