package dev.handoff.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.jdk.JdkHandoff;
import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.retrofit.RetrofitHandoff;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import dev.handoff.vertx.VertxHandoff;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Swapping the transport changes nothing on the wire: the same calls through {@link
 * RetrofitHandoff}, {@link VertxHandoff} and {@link JdkHandoff} put the same method, path, auth,
 * content type and body bytes on the wire, and User-Agents that differ only in the transport's
 * name.
 */
class SameWireTest {
  private static final Credentials CREDENTIALS =
      new Credentials("SAWIRE000000000000AB", "same-wire-token");
  private static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  private static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  private static final Address CUSTOMER = Address.of("+14155550100");
  private static final Address AGENT = Address.of("+14152223333");
  private static final Address SIP_AGENT = Address.of("sip:agent1@phone.plivo.com");
  private static final Address TARGET = Address.of("+14152225555");
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");

  /** One call of every operation, valid in the fake's call model when run in this order. */
  private static final List<Consumer<Handoff>> CALLS =
      List.of(
          h -> h.readNode(new ReadNode(PHLO, NODE)),
          h -> h.memberAction(new MemberAction(PHLO, NODE, CUSTOMER, MemberActionType.HOLD)),
          h -> h.memberAction(new MemberAction(PHLO, NODE, CUSTOMER, MemberActionType.UNHOLD)),
          h -> h.memberAction(new MemberAction(PHLO, NODE, SIP_AGENT, MemberActionType.MUTE)),
          h -> h.warmTransfer(new WarmTransfer(PHLO, NODE, AGENT, TARGET)),
          h -> h.memberAction(new MemberAction(PHLO, NODE, AGENT, MemberActionType.ABORT_TRANSFER)),
          h -> h.coldTransfer(new ColdTransfer(PHLO, NODE, AGENT, TARGET, Role.AGENT)),
          h -> h.addMember(new AddMember(PHLO, NODE, TARGET, AGENT, Role.CUSTOMER)),
          h ->
              h.transferCall(
                  new CallTransfer(
                      CALL,
                      Legs.both(
                          WebhookUrl.of("http://aleg.url", UrlMethod.GET),
                          WebhookUrl.of("http://bleg.url", UrlMethod.GET)),
                      WebhookUrl.of("https://example.com/callback"))));

  @Test
  void everyTransportSendsTheSameRequests() {
    List<RecordedPlivoRequest> retrofit = record(RetrofitHandoff::create);
    assertThat(retrofit).hasSize(CALLS.size());
    assertSameAs(retrofit, record(VertxHandoff::create), "vertx");
    assertSameAs(retrofit, record(JdkHandoff::create), "jdk");
  }

  private static void assertSameAs(
      List<RecordedPlivoRequest> retrofit, List<RecordedPlivoRequest> other, String transport) {
    assertThat(other).as(transport).hasSize(CALLS.size());
    for (int i = 0; i < CALLS.size(); i++) {
      RecordedPlivoRequest r = retrofit.get(i);
      RecordedPlivoRequest v = other.get(i);
      assertThat(v.method()).as("%s: method of call %d", transport, i).isEqualTo(r.method());
      assertThat(v.path()).as("%s: path of call %d", transport, i).isEqualTo(r.path());
      assertThat(v.body()).as("%s: body bytes of call %d", transport, i).isEqualTo(r.body());
      for (String header : List.of("Authorization", "Content-Type", "Content-Length")) {
        String expected = r.header(header);
        if (transport.equals("jdk")
            && header.equals("Content-Length")
            && expected == null
            && Runtime.version().feature() < 19) {
          // The JDK's HttpClient before Java 19 sends it with every GET (JDK-8283544): the one
          // difference, flagged in JdkHostilePeerContractTest.
          expected = "0";
        }
        assertThat(v.header(header))
            .as("%s: %s of call %d", transport, header, i)
            .isEqualTo(expected);
      }
      assertThat(v.header("User-Agent").replace("(" + transport + ";", "(retrofit;"))
          .as("%s: User-Agent of call %d", transport, i)
          .isEqualTo(r.header("User-Agent"));
    }
  }

  private static List<RecordedPlivoRequest> record(Function<HandoffConfig, Handoff> transport) {
    try (FakePlivoServer server = FakePlivoServer.start(CREDENTIALS)) {
      server.addNode(PHLO, NODE, CUSTOMER, AGENT, SIP_AGENT).addCall(CALL);
      HandoffConfig config =
          HandoffConfig.builder(CREDENTIALS)
              .phloBaseUrl(server.baseUrl())
              .voiceBaseUrl(server.baseUrl())
              .build();
      try (Handoff handoff = transport.apply(config)) {
        CALLS.forEach(call -> call.accept(handoff));
      }
      return List.copyOf(server.httpRequests());
    }
  }
}
