package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;

/**
 * An application's transfer service. It names no transport: {@code Handoff.create(config)} uses
 * the one on the class path, so the build's dependencies alone choose it.
 */
public final class TransferDesk implements AutoCloseable {
  private final Handoff handoff;

  public TransferDesk(HandoffConfig config) {
    this.handoff = Handoff.create(config); // whichever transport the build put on the class path
  }

  /** Hands the caller {@code agent} is talking to over to {@code target}. */
  public Receipt warmTransfer(String phloId, String nodeId, String agent, String target) {
    return handoff.warmTransfer(WarmTransfer.builder()
        .phloId(phloId).nodeId(nodeId)
        .triggerSource(agent).to(target)
        .build());
  }

  @Override
  public void close() {
    handoff.close();
  }
}
