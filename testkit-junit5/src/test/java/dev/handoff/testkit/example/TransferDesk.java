package dev.handoff.testkit.example;

import dev.handoff.Handoff;
import dev.handoff.model.Address;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;

/** The service under test: a contact centre's transfer desk on one multi-party call node. */
final class TransferDesk {
  private final Handoff handoff;
  private final PhloId phlo;
  private final NodeId node;

  TransferDesk(Handoff handoff, PhloId phlo, NodeId node) {
    this.handoff = handoff;
    this.phlo = phlo;
    this.node = node;
  }

  /** The agent consults a colleague privately; everyone else waits on hold. */
  void consult(Address agent, Address colleague) {
    handoff.warmTransfer(new WarmTransfer(phlo, node, agent, colleague));
  }

  /** The agent changes their mind: the colleague is dropped, the agent is back in the call. */
  void cancel(Address agent) {
    handoff.memberAction(new MemberAction(phlo, node, agent, MemberActionType.ABORT_TRANSFER));
  }

  /** The agent hands over: the agent leaves, the colleague joins the waiting customer. */
  void handOver(Address agent) {
    handoff.memberAction(new MemberAction(phlo, node, agent, MemberActionType.HANGUP));
  }
}
