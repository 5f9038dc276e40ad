package dev.handoff;

import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.Wire;
import java.util.function.Function;

/** Wire requests and transport failures for core's tests, made as core makes them. */
final class TestWires {
  static final Credentials CREDENTIALS =
      new Credentials("MAXXXXXXXXXXXXXXXXXX", "test-token-0123456789abcdef");

  private static final Function<PlivoRequest, Wire> WIRES =
      Wire.describer(HandoffConfig.of(CREDENTIALS), "test");

  private static final Wire WARM =
      WIRES.apply(
          WarmTransfer.builder()
              .phloId(PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"))
              .nodeId(NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566"))
              .triggerSource("+14152223333")
              .to("+14152225555")
              .build());

  private TestWires() {}

  static Wire wire(PlivoRequest request) {
    return WIRES.apply(request);
  }

  /**
   * A warm transfer's failure with {@code cause}, as a transport reports one after it may have
   * written the request: {@code UNKNOWN}, or {@code NOT_SENT} for a failure to connect.
   */
  static TransportFailureException failure(Throwable cause) {
    return WARM.failure(cause, Delivery.UNKNOWN);
  }
}
