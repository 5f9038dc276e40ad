package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * A multi-party call node as Plivo describes it when read ({@link ReadNode}). Immutable and
 * thread-safe.
 *
 * @param phloId the PHLO that holds the node
 * @param nodeId the node
 * @param name the node's name in the PHLO editor, or null if Plivo sent none
 * @param nodeType Plivo's node type, {@code "multi_party_call"}, or null if Plivo sent none
 * @param createdOn when the node was created ({@code created_on}, parsed from Plivo's {@code
 *     2020-08-01 09:05:11.846982+00:00} form), or null if Plivo sent none
 * @param apiId Plivo's {@code api_id}, or null if Plivo sent none
 */
public record MultiPartyCallNode(
    PhloId phloId,
    NodeId nodeId,
    @Nullable String name,
    @Nullable String nodeType,
    @Nullable OffsetDateTime createdOn,
    @Nullable String apiId) {

  /**
   * @throws NullPointerException if {@code phloId} or {@code nodeId} is null
   */
  public MultiPartyCallNode {
    Checks.notNull(phloId, "phloId");
    Checks.notNull(nodeId, "nodeId");
  }
}
