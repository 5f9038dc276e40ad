package dev.handoff.testkit;

import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.PlivoResponse;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The rules of a fake Plivo account, behind {@link CallModel}: its state (nodes with their members,
 * live calls) and how each request changes it and is answered, as {@link CallModel}'s documentation
 * tables. Not thread-safe on its own: {@link CallModel} holds its lock around every call.
 */
final class CallRules {
  private static final DateTimeFormatter PLIVO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

  final @Nullable String authId;
  final Map<NodeKey, NodeState> nodes = new HashMap<>();
  final Map<CallUuid, LiveCall> calls = new HashMap<>();

  CallRules(@Nullable String authId) {
    this.authId = authId;
  }

  /** Applies {@code request} as Plivo would; the caller holds the model's lock. */
  PlivoResponse apply(PlivoRequest request, String authId) {
    if (request instanceof NodeAction action) {
      return nodeAction(action);
    }
    if (request instanceof MemberAction action) {
      return memberAction(action);
    }
    if (request instanceof ReadNode read) {
      return readNode(read);
    }
    if (request instanceof ReadLiveCall read) {
      return readLiveCall(read, authId);
    }
    return transferCall((CallTransfer) request, authId);
  }

  private PlivoResponse nodeAction(NodeAction action) {
    NodeState node = nodes.get(new NodeKey(action.phloId(), action.nodeId()));
    if (node == null) {
      return notFound();
    }
    Address source = action.triggerSource();
    Address target = action.to();
    if (!node.isPresent(source)) {
      return refused("Invalid value provided for trigger_source.");
    }
    if (node.transfer != null) {
      return refused("A transfer is already in progress for " + node.transfer.initiator + ".");
    }
    if (node.slot(source).state == MemberState.ON_HOLD) {
      return refused("Member " + source + " is on hold.");
    }
    if (node.isPresent(target)) {
      return refused("Member " + target + " is already in the call.");
    }
    if (action instanceof AddMember) {
      node.join(target, action.role());
    } else if (action instanceof WarmTransfer) {
      node.startWarmTransfer(source, target, action.role());
    } else if (action instanceof ColdTransfer) {
      node.coldTransfer(source, target, action.role());
    } else {
      throw new AssertionError("unknown node action " + action.type());
    }
    return accepted();
  }

  private PlivoResponse memberAction(MemberAction action) {
    NodeState node = nodes.get(new NodeKey(action.phloId(), action.nodeId()));
    Address address = action.member();
    if (node == null || !node.isPresent(address)) {
      return notFound();
    }
    Slot slot = node.slot(address);
    switch (action.type()) {
      case ABORT_TRANSFER:
        if (node.transfer == null || !node.transfer.initiator.equals(address)) {
          return refused("No transfer in progress for " + address + ".");
        }
        node.leave(node.slot(node.transfer.target), false);
        break;
      case RESUME_CALL:
        if (slot.state == MemberState.IN_CONSULTATION) {
          node.endConsultation();
        } else if (slot.state == MemberState.ON_HOLD) {
          node.unhold(slot);
        } else {
          return refused("Member " + address + " is not on hold or in a consultation.");
        }
        break;
      case HOLD:
        if (slot.state == MemberState.ON_HOLD) {
          return refused("Member " + address + " is already on hold.");
        }
        if (slot.state == MemberState.IN_CONSULTATION) {
          return refused("Member " + address + " is in a private consultation.");
        }
        slot.state = MemberState.ON_HOLD;
        break;
      case UNHOLD:
        if (slot.state != MemberState.ON_HOLD) {
          return refused("Member " + address + " is not on hold.");
        }
        node.unhold(slot);
        break;
      case HANGUP:
        node.leave(slot, false);
        break;
      case VOICEMAIL_DROP:
        node.leave(slot, true);
        break;
      case MUTE:
        if (slot.muted) {
          return refused("Member " + address + " is already muted.");
        }
        slot.muted = true;
        break;
      case UNMUTE:
        if (!slot.muted) {
          return refused("Member " + address + " is not muted.");
        }
        slot.muted = false;
        break;
      default:
        throw new AssertionError("unknown member action " + action.type());
    }
    return accepted();
  }

  private PlivoResponse readNode(ReadNode read) {
    NodeState node = nodes.get(new NodeKey(read.phloId(), read.nodeId()));
    if (node == null) {
      return notFound();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("api_id", apiId());
    fields.put("node_id", read.nodeId().value());
    fields.put("phlo_id", read.phloId().value());
    fields.put("name", node.name);
    fields.put("node_type", "multi_party_call");
    fields.put("created_on", PLIVO_TIME.format(node.createdOn));
    return answer(200, fields);
  }

  /** Plivo's "Retrieve a live call": 200 with the call, or 404 once it ended. */
  private PlivoResponse readLiveCall(ReadLiveCall read, String requestAuthId) {
    LiveCall call = calls.get(read.callUuid());
    if ((authId != null && !authId.equals(requestAuthId)) || call == null || call.ended) {
      return answer(404, Map.of("api_id", apiId(), "error", "call not found"));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("api_id", apiId());
    fields.put("call_status", "in-progress");
    fields.put("call_uuid", read.callUuid().value());
    fields.put("direction", "inbound");
    fields.put("from", call.from.value());
    fields.put("caller_name", call.from.value());
    fields.put("to", call.to.value());
    fields.put("bridge_uuid", TransferFollower.bLegUuid(read.callUuid()));
    return answer(200, fields);
  }

  private PlivoResponse transferCall(CallTransfer transfer, String requestAuthId) {
    LiveCall call = calls.get(transfer.callUuid());
    if ((authId != null && !authId.equals(requestAuthId)) || call == null || call.ended) {
      return answer(404, Map.of("api_id", apiId(), "error", "not found"));
    }
    call.transfers++;
    if (call.transfers > CallModel.MAX_TRANSFERS) {
      // Plivo answers, then hangs the call up ("Loop detected"): no leg moves.
      call.ended = true;
      call.aLeg = LiveCall.LOOP_DETECTED;
      call.bLeg = LiveCall.LOOP_DETECTED;
    } else {
      Legs legs = transfer.legs();
      if (legs.aLegUrl() != null) {
        call.aLegUrl = legs.aLegUrl();
        call.aLeg = LiveCall.moved(legs.aLegUrl());
      }
      if (legs.bLegUrl() != null) {
        call.bLegUrl = legs.bLegUrl();
        call.bLeg = LiveCall.moved(legs.bLegUrl());
      }
    }
    // The seed's message, and the legs Plivo moved, as answers recorded from live calls list them.
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("message", "call transfered");
    fields.put("api_id", apiId());
    List<String> moved = new ArrayList<>(2);
    if (transfer.legs().aLegUrl() != null) {
      moved.add(transfer.callUuid().value());
    }
    if (transfer.legs().bLegUrl() != null) {
      moved.add(TransferFollower.bLegUuid(transfer.callUuid()));
    }
    return new PlivoResponse(202, null, fields, null, Map.of("call_uuids", moved), null);
  }

  private static PlivoResponse accepted() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("api_id", apiId());
    fields.put("error", "");
    return answer(201, fields);
  }

  private static PlivoResponse refused(String error) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("api_id", apiId());
    fields.put("error", error);
    return answer(400, fields);
  }

  private static PlivoResponse notFound() {
    return answer(404, Map.of());
  }

  private static PlivoResponse answer(int status, Map<String, String> fields) {
    return new PlivoResponse(status, null, fields, null);
  }

  private static String apiId() {
    return UUID.randomUUID().toString();
  }

  // ---------------------------------------------------------------- internals

  record NodeKey(PhloId phloId, NodeId nodeId) {
    NodeKey {
      Objects.requireNonNull(phloId, "phloId == null");
      Objects.requireNonNull(nodeId, "nodeId == null");
    }
  }

  /** One member's mutable state; guarded by the model's lock. */
  static final class Slot {
    final Address address;
    final Role role;
    MemberState state = MemberState.IN_CALL;
    @Nullable Address consultingWith;
    boolean muted;
    boolean voicemailDropped;

    Slot(Address address, Role role) {
      this.address = address;
      this.role = role;
    }

    Member snapshot() {
      return new Member(address, role, state, consultingWith, muted, voicemailDropped);
    }
  }

  /** A warm transfer in progress: U1, U3 and the members that went on hold for it. */
  static final class Transfer {
    final Address initiator;
    final Address target;
    final Set<Address> waiting = new LinkedHashSet<>();

    Transfer(Address initiator, Address target) {
      this.initiator = initiator;
      this.target = target;
    }
  }

  /**
   * One multi-party call node; guarded by the model's lock. Invariant: a member is {@code
   * IN_CONSULTATION} exactly when it is the initiator or target of {@link #transfer}.
   */
  static final class NodeState {
    final Map<Address, Slot> slots = new LinkedHashMap<>();
    @Nullable Transfer transfer;
    String name = CallModel.DEFAULT_NODE_NAME;
    OffsetDateTime createdOn = CallModel.DEFAULT_CREATED_ON;

    Slot slot(Address address) {
      return Objects.requireNonNull(slots.get(address), address.value());
    }

    boolean isPresent(Address address) {
      Slot slot = slots.get(address);
      return slot != null && slot.state != MemberState.GONE;
    }

    /** Adds {@code address} IN_CALL; a member that left joins again afresh, at the end. */
    Slot join(Address address, Role role) {
      slots.remove(address);
      Slot slot = new Slot(address, role);
      slots.put(address, slot);
      return slot;
    }

    void startWarmTransfer(Address initiator, Address targetAddress, Role role) {
      Transfer started = new Transfer(initiator, targetAddress);
      for (Slot other : slots.values()) {
        if (other.state != MemberState.GONE && !other.address.equals(initiator)) {
          other.state = MemberState.ON_HOLD;
          started.waiting.add(other.address);
        }
      }
      Slot source = slot(initiator);
      Slot target = join(targetAddress, role);
      source.state = MemberState.IN_CONSULTATION;
      source.consultingWith = targetAddress;
      target.state = MemberState.IN_CONSULTATION;
      target.consultingWith = initiator;
      transfer = started;
    }

    void coldTransfer(Address initiator, Address targetAddress, Role role) {
      for (Slot other : slots.values()) {
        if (other.state == MemberState.ON_HOLD) {
          other.state = MemberState.IN_CALL;
        }
      }
      Slot source = slot(initiator);
      source.state = MemberState.GONE;
      join(targetAddress, role);
    }

    void unhold(Slot slot) {
      slot.state = MemberState.IN_CALL;
      if (transfer != null) {
        transfer.waiting.remove(slot.address);
      }
    }

    /** resume_call by U1 or U3: U1, U3 and the members still waiting IN_CALL together. */
    void endConsultation() {
      Transfer ended = Objects.requireNonNull(transfer);
      backToCall(slot(ended.initiator));
      backToCall(slot(ended.target));
      releaseWaiting(ended);
    }

    /**
     * The member leaves. If it is a transfer's initiator the transfer completes (target and waiting
     * members together); if it is the target the transfer ends as if aborted.
     */
    void leave(Slot slot, boolean voicemail) {
      Transfer current = transfer;
      slot.state = MemberState.GONE;
      slot.consultingWith = null;
      slot.voicemailDropped |= voicemail;
      if (current == null) {
        return;
      }
      if (current.initiator.equals(slot.address)) {
        backToCall(slot(current.target));
        releaseWaiting(current);
      } else if (current.target.equals(slot.address)) {
        backToCall(slot(current.initiator));
        releaseWaiting(current);
      } else {
        current.waiting.remove(slot.address);
      }
    }

    private static void backToCall(Slot slot) {
      slot.state = MemberState.IN_CALL;
      slot.consultingWith = null;
    }

    private void releaseWaiting(Transfer ended) {
      for (Address address : ended.waiting) {
        Slot waiting = slot(address);
        if (waiting.state == MemberState.ON_HOLD) {
          waiting.state = MemberState.IN_CALL;
        }
      }
      transfer = null;
    }

    /** Whether {@code listener} hears {@code speaker}, mute aside. */
    boolean canHear(Slot listener, Slot speaker) {
      switch (listener.state) {
        case IN_CALL:
          return speaker.state == MemberState.IN_CALL;
        case IN_CONSULTATION:
          return speaker.address.equals(listener.consultingWith)
              && speaker.state == MemberState.IN_CONSULTATION;
        default:
          return false;
      }
    }
  }

  /** A live Voice API call; guarded by the model's lock. */
  static final class LiveCall {
    static final LegState NOT_MOVED =
        new LegState(LegState.Kind.NOT_MOVED, "not moved by a transfer", 0);
    static final LegState LOOP_DETECTED =
        new LegState(
            LegState.Kind.HUNG_UP,
            "hung up by Plivo, loop detected (more than " + CallModel.MAX_TRANSFERS + " transfers)",
            0);

    final Address from;
    final Address to;
    @Nullable WebhookUrl aLegUrl;
    @Nullable WebhookUrl bLegUrl;
    LegState aLeg = NOT_MOVED;
    LegState bLeg = NOT_MOVED;
    int transfers;
    boolean ended;

    LiveCall(Address from, Address to) {
      this.from = from;
      this.to = to;
    }

    static LegState moved(WebhookUrl url) {
      return new LegState(
          LegState.Kind.MOVED,
          "moved to " + url.method() + " " + url.uri() + ", not fetched (follow-up off)",
          0);
    }
  }
}
