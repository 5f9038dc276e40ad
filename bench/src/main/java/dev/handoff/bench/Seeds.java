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

  /** The {@code api_id} of the fixed answer: every row checks that its 201 carried it. */
  static final String API_ID = "b8d4a1c2-6f0e-4d3b-9a57-0c1d2e3f4a5b";

  /** The fixed server's answer to everything: HTTP 201. */
  static final byte[] ANSWER =
      ("{\"api_id\":\"" + API_ID + "\",\"error\":\"\"}").getBytes(StandardCharsets.UTF_8);

  /**
   * The answer of the body-check server ({@code FixedResponseServer --wrong-answer}): a 201 of the
   * same shape and length with another {@code api_id}, which every row must count as an error.
   */
  static final byte[] WRONG_ANSWER =
      "{\"api_id\":\"00000000-0000-4000-8000-000000000000\",\"error\":\"\"}"
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] API_ID_BYTES = API_ID.getBytes(StandardCharsets.UTF_8);

  /**
   * Whether {@code body} (a 201's bytes, as a raw client read them) holds the fixed answer's {@code
   * api_id}: a raw row that lost or misread its body fails its request, as Handoff would.
   */
  static boolean isAnswer(byte[] body) {
    outer:
    for (int i = 0; i <= body.length - API_ID_BYTES.length; i++) {
      for (int j = 0; j < API_ID_BYTES.length; j++) {
        if (body[i + j] != API_ID_BYTES[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

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
