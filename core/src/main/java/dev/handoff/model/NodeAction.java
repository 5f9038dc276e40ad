package dev.handoff.model;

/**
 * An action on a PHLO multi-party call node: {@code POST
 * /v1/phlo/{phlo_id}/multi_party_call/{node_id}} with the JSON body {@code {"action", "to", "role",
 * "trigger_source"}} (Plivo's "Update a multi-party call" document).
 */
public sealed interface NodeAction extends PlivoRequest
    permits WarmTransfer, ColdTransfer, AddMember {

  /** The PHLO that holds the node. */
  PhloId phloId();

  /** The multi-party call node. */
  NodeId nodeId();

  /** The member who initiates the action ({@code trigger_source}). */
  Address triggerSource();

  /** The party to dial ({@code to}). */
  Address to();

  /** The role the dialled party takes ({@code role}). */
  Role role();

  /** Which node action this is. */
  Type type();

  @Override
  default String operation() {
    return type().wireValue();
  }

  @Override
  default String displayName() {
    return type().displayName();
  }

  /** The node actions Plivo defines, with their wire values. */
  enum Type {
    /** {@code "call"}: dial {@code to} and add them to the call. */
    CALL("call", "add member (call)"),
    /**
     * {@code "warm_transfer"}: the initiator and the target speak privately while the other member
     * waits on hold, then the waiting member joins the target.
     */
    WARM_TRANSFER("warm_transfer", "warm transfer"),
    /**
     * {@code "cold_transfer"}: the other member is connected straight to the target; the initiator
     * leaves.
     */
    COLD_TRANSFER("cold_transfer", "cold transfer");

    private final String wireValue;
    private final String displayName;

    Type(String wireValue, String displayName) {
      this.wireValue = wireValue;
      this.displayName = displayName;
    }

    /** The action named as a person would, for messages: {@code "add member (call)"}. */
    public String displayName() {
      return displayName;
    }

    /** The {@code action} value on the wire. */
    public String wireValue() {
      return wireValue;
    }
  }
}
