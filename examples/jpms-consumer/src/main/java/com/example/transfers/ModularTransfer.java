package com.example.transfers;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.vertx.VertxHandoff;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;

/**
 * One warm transfer through the Vert.x transport against {@link FakePlivoServer}, run as a named
 * module with every jar on the module path; {@code Handoff.create(config)} finds the transport
 * through its module's {@code provides} clause. Exits with an exception when anything differs.
 */
public final class ModularTransfer {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");

  public static void main(String[] args) {
    // On the module path, each of these is a named module (on the class path, all are unnamed).
    check("com.example.transfers".equals(ModularTransfer.class.getModule().getName()),
        "this class runs in module com.example.transfers");
    check("dev.handoff.vertx".equals(VertxHandoff.class.getModule().getName()),
        "VertxHandoff comes from module dev.handoff.vertx");
    check("dev.handoff.testkit".equals(FakePlivoServer.class.getModule().getName()),
        "FakePlivoServer comes from module dev.handoff.testkit");
    Module core = Handoff.class.getModule();
    check("dev.handoff".equals(core.getName()), "Handoff comes from module dev.handoff");
    check(core.getPackages().contains("dev.handoff.internal")
            && !core.isExported("dev.handoff.internal"),
        "dev.handoff.internal is encapsulated");

    PhloId phlo = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
    NodeId node = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      plivo.addNode(phlo, node, Address.of("+14152223333"), Address.of("+14152224444"));
      HandoffConfig config = HandoffConfig.builder(CREDENTIALS)
          .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
      try (Handoff handoff = Handoff.create(config)) {
        Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
            .phloId(phlo).nodeId(node).triggerSource("+14152223333").to("+14152225555").build());
        check(receipt.status() == 201, "the receipt's status is 201, was " + receipt.status());
        check(!receipt.apiId().isBlank(), "the receipt carries Plivo's api_id");
      }
      check(plivo.httpRequests().size() == 1, "one request reached the fake");
      RecordedPlivoRequest request = plivo.httpRequests().get(0);
      check(String.valueOf(request.header("User-Agent")).contains("(vertx;"),
          "Handoff.create(config) found the Vert.x transport on the module path");
      check(request.path().equals(
              "/v1/phlo/" + phlo.value() + "/multi_party_call/" + node.value()),
          "the request went to the node's path, was " + request.path());
      check(request.body().contains("\"action\":\"warm_transfer\""),
          "the request is a warm transfer, was " + request.body());
      check(plivo.members(phlo, node).contains(Address.of("+14152225555")),
          "the transfer target joined the call");
    }
    System.out.println("Warm transfer on the module path: OK");
  }

  private static void check(boolean condition, String expectation) {
    if (!condition) {
      throw new AssertionError("expected: " + expectation);
    }
  }
}
