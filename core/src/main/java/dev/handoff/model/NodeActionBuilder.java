package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link WarmTransfer}, {@link ColdTransfer} or {@link AddMember} with named fields, so
 * the two addresses cannot be swapped by position:
 *
 * <pre>{@code
 * WarmTransfer transfer = WarmTransfer.builder()
 *     .phloId("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10")
 *     .nodeId("9a2c3b1e-0c1d-4e5f-8a9b-112233445566")
 *     .triggerSource("+14152223333")
 *     .to("+14152225555")
 *     .build();
 * }</pre>
 *
 * <p>Each setter validates at once and throws {@link IllegalArgumentException} naming the field and
 * its rule; {@link #build()} throws {@link NullPointerException} naming a missing field. The role
 * defaults to {@link Role#AGENT}. Not thread-safe; the built request is.
 *
 * @param <T> the request built
 */
public final class NodeActionBuilder<T extends NodeAction> {
  interface Factory<T> {
    T create(PhloId phloId, NodeId nodeId, Address triggerSource, Address to, Role role);
  }

  private final Factory<T> factory;
  private @Nullable PhloId phloId;
  private @Nullable NodeId nodeId;
  private @Nullable Address triggerSource;
  private @Nullable Address to;
  private Role role = Role.AGENT;

  NodeActionBuilder(Factory<T> factory) {
    this.factory = factory;
  }

  /** Sets the PHLO id; see {@link PhloId} for the rule. */
  public NodeActionBuilder<T> phloId(String phloId) {
    return phloId(new PhloId(phloId));
  }

  /** Sets the PHLO id. */
  public NodeActionBuilder<T> phloId(PhloId phloId) {
    this.phloId = Checks.notNull(phloId, "phloId");
    return this;
  }

  /** Sets the node id; see {@link NodeId} for the rule. */
  public NodeActionBuilder<T> nodeId(String nodeId) {
    return nodeId(new NodeId(nodeId));
  }

  /** Sets the node id. */
  public NodeActionBuilder<T> nodeId(NodeId nodeId) {
    this.nodeId = Checks.notNull(nodeId, "nodeId");
    return this;
  }

  /** Sets the initiating member's address; see {@link Address} for the rule. */
  public NodeActionBuilder<T> triggerSource(String triggerSource) {
    return triggerSource(Address.of(triggerSource, "triggerSource"));
  }

  /** Sets the initiating member's address. */
  public NodeActionBuilder<T> triggerSource(Address triggerSource) {
    this.triggerSource = Checks.notNull(triggerSource, "triggerSource");
    return this;
  }

  /** Sets the address to dial; see {@link Address} for the rule. */
  public NodeActionBuilder<T> to(String to) {
    return to(Address.of(to, "to"));
  }

  /** Sets the address to dial. */
  public NodeActionBuilder<T> to(Address to) {
    this.to = Checks.notNull(to, "to");
    return this;
  }

  /** Sets the role of the dialled party ({@link Role#AGENT} unless set). */
  public NodeActionBuilder<T> role(Role role) {
    this.role = Checks.notNull(role, "role");
    return this;
  }

  /**
   * Builds the request.
   *
   * @throws NullPointerException naming the first missing field
   */
  public T build() {
    return factory.create(
        Checks.notNull(phloId, "phloId"),
        Checks.notNull(nodeId, "nodeId"),
        Checks.notNull(triggerSource, "triggerSource"),
        Checks.notNull(to, "to"),
        role);
  }

  static void check(PhloId phloId, NodeId nodeId, Address triggerSource, Address to, Role role) {
    Checks.notNull(phloId, "phloId");
    Checks.notNull(nodeId, "nodeId");
    Checks.notNull(triggerSource, "triggerSource");
    Checks.notNull(to, "to");
    Checks.notNull(role, "role");
    // No rule that to differs from triggerSource: Plivo documents none, and its SDKs' own tests
    // send such requests (issue 14).
  }
}
