package dev.handoff.bench;

import dev.handoff.model.Credentials;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.Wire;
import java.nio.charset.StandardCharsets;

/**
 * The one request every client sends: the seeds' warm transfer, byte for byte the same whoever
 * sends it (path, {@code Authorization}, {@code Content-Type}, JSON body). The raw clients send the
 * prebuilt bytes below; Handoff builds and validates a {@link WarmTransfer} per operation, as an
 * application would.
 */
final class Seeds {
  static final String AUTH_ID = "MAZDQ1ZDMXNMEZMTE4NW";
  static final String AUTH_TOKEN = "bench-auth-token-not-a-secret";
  static final Credentials CREDENTIALS = new Credentials(AUTH_ID, AUTH_TOKEN);
  static final String PHLO_ID = "4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10";
  static final String NODE_ID = "9a2c3b1e-0c1d-4e5f-8a9b-112233445566";
  static final String TRIGGER_SOURCE = "+14152223333";
  static final String TO = "+14152225555";

  /** {@code /v1/phlo/{phlo_id}/multi_party_call/{node_id}}, as {@link Wire#nodePath} spells it. */
  static final String PATH = "/" + Wire.nodePath(warmTransfer().phloId(), warmTransfer().nodeId());

  /** The JSON body {@link Wire#body} describes, in its order, compact. */
  static final byte[] BODY =
      ("{\"action\":\"warm_transfer\",\"to\":\""
              + TO
              + "\",\"role\":\"agent\",\"trigger_source\":\""
              + TRIGGER_SOURCE
              + "\"}")
          .getBytes(StandardCharsets.UTF_8);

  static final String AUTHORIZATION = Wire.basicAuth(CREDENTIALS);

  /** The fixed server's answer to everything: HTTP 201. */
  static final byte[] ANSWER =
      "{\"api_id\":\"b8d4a1c2-6f0e-4d3b-9a57-0c1d2e3f4a5b\",\"error\":\"\"}"
          .getBytes(StandardCharsets.UTF_8);

  private Seeds() {}

  /** Builds (and so validates) the seeds' warm transfer. */
  static WarmTransfer warmTransfer() {
    return WarmTransfer.builder()
        .phloId(PHLO_ID)
        .nodeId(NODE_ID)
        .triggerSource(TRIGGER_SOURCE)
        .to(TO)
        .build();
  }
}
