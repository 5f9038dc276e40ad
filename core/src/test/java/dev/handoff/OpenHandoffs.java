package dev.handoff;

import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.CallControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Handoffs a core test opens, on test doubles of the port, closed together after the test; with
 * the warm transfer and the retry policy those tests share.
 */
final class OpenHandoffs implements AutoCloseable {
  static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId(PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"))
          .nodeId(NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566"))
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();

  /** Retries at once, so that the tests need no sleep. */
  static final RetryPolicy QUICK =
      new RetryPolicy(3, Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofSeconds(1));

  private final List<Handoff> handoffs = new ArrayList<>();

  /** A Handoff on {@code transport} with {@link #QUICK} retries and then {@code settings}. */
  Handoff open(CallControl transport, Consumer<HandoffConfig.Builder> settings) {
    HandoffConfig.Builder builder =
        HandoffConfig.builder(HandoffConfigTest.CREDENTIALS).retryPolicy(QUICK);
    settings.accept(builder);
    Handoff handoff = Handoff.create(transport, builder.build());
    handoffs.add(handoff);
    return handoff;
  }

  @Override
  public void close() {
    handoffs.forEach(Handoff::close);
  }
}
