package com.example.handoff.docs;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.AddMember;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.Address;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;

/** The code of docs/migrating-from-plivo-sdk.md; compiled by this example's build. */
final class MigrationSnippets {
  private MigrationSnippets() {}

  static Handoff client() {
    // instead of Plivo.init(authId, authToken): an instance, created once and shared
    Handoff handoff = Handoff.create(HandoffConfig.of(
        new Credentials(System.getenv("PLIVO_AUTH_ID"), System.getenv("PLIVO_AUTH_TOKEN"))));
    return handoff;
  }

  static void nodeActions(Handoff handoff, String phloId, String nodeId) {
    Receipt warm = handoff.warmTransfer(WarmTransfer.builder()
        .phloId(phloId).nodeId(nodeId)
        .triggerSource("+14152223333").to("+14152225555")
        .role(Role.AGENT)
        .build());

    Receipt cold = handoff.coldTransfer(ColdTransfer.builder()
        .phloId(phloId).nodeId(nodeId)
        .triggerSource("+14152223333").to("+14152225555")
        .build());

    Receipt added = handoff.addMember(AddMember.builder()
        .phloId(phloId).nodeId(nodeId)
        .triggerSource("+14152223333").to("sip:agent1@phone.plivo.com")
        .role(Role.CUSTOMER)
        .build());
  }

  static void memberActions(Handoff handoff, PhloId phloId, NodeId nodeId) {
    Address agent = Address.of("+14152223333");
    handoff.memberAction(new MemberAction(phloId, nodeId, agent, MemberActionType.ABORT_TRANSFER));
    handoff.memberAction(new MemberAction(phloId, nodeId, agent, MemberActionType.HOLD));
    handoff.memberAction(new MemberAction(phloId, nodeId, agent, MemberActionType.RESUME_CALL));

    MultiPartyCallNode node = handoff.readNode(new ReadNode(phloId, nodeId));
  }

  static void callTransfer(Handoff handoff) {
    Receipt moved = handoff.transferCall(new CallTransfer(
        CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"),
        Legs.both(
            WebhookUrl.of("https://example.com/aleg.xml", UrlMethod.GET),
            WebhookUrl.of("https://example.com/bleg.xml", UrlMethod.GET))));
  }

  static HandoffConfig elsewhere(Credentials credentials) {
    HandoffConfig config = HandoffConfig.builder(credentials)
        .phloBaseUrl("https://plivo-proxy.internal.example.com")
        .voiceBaseUrl("https://plivo-proxy.internal.example.com")
        .build();
    return config;
  }
}
