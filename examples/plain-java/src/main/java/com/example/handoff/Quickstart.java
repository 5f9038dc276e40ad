package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;

/** README's "Using the library" as a program: one warm transfer, credentials from the environment. */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    HandoffConfig config = HandoffConfig.of(Credentials.fromEnvironment()); // PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN
    try (Handoff handoff = Handoff.create(config)) {   // the transport on the class path
      Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
          .phloId("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10")
          .nodeId("9a2c3b1e-0c1d-4e5f-8a9b-112233445566")
          .triggerSource("+14152223333")   // the agent who starts the transfer
          .to("+14152225555")              // who the call goes to
          .build());                       // role defaults to agent
      System.out.println(receipt.status() + " " + receipt.apiId());
    }
  }
}
