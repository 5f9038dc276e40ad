package dev.handoff.bench;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.Wire;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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

  /**
   * The seeds' warm transfer as core describes it ({@link Wire#describer}): the raw clients send
   * the very path, {@code Authorization} and body Handoff sends, so neither side can drift.
   */
  private static final Wire WIRE = wire("bench");

  /** {@code /v1/phlo/{phlo_id}/multi_party_call/{node_id}}, as core spells it. */
  static final String PATH = "/" + WIRE.path();

  /** The JSON body core describes, in its order, compact, as both transports serialise it. */
  static final byte[] BODY =
      new Moshi.Builder()
          .build()
          .<Map<String, String>>adapter(
              Types.newParameterizedType(Map.class, String.class, String.class))
          .toJson(WIRE.body())
          .getBytes(StandardCharsets.UTF_8);

  static final String AUTHORIZATION = WIRE.headers().get("Authorization");

  /** The fixed server's answer to everything: HTTP 201. */
  static final byte[] ANSWER =
      "{\"api_id\":\"b8d4a1c2-6f0e-4d3b-9a57-0c1d2e3f4a5b\",\"error\":\"\"}"
          .getBytes(StandardCharsets.UTF_8);

  private Seeds() {}

  /**
   * The {@code User-Agent} Handoff would send through a transport called {@code transport}: the raw
   * clients send it too, so that the server sees the same header bytes from every client.
   */
  static String userAgent(String transport) {
    return wire(transport).headers().get("User-Agent");
  }

  private static Wire wire(String transport) {
    return Wire.describer(HandoffConfig.of(CREDENTIALS), transport).apply(warmTransfer());
  }

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
