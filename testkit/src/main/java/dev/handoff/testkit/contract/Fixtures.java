package dev.handoff.testkit.contract;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.handoff.HandoffConfig;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Endpoint;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The values both suites use, spelled out literally so the suites do not trust {@code Wire}. */
final class Fixtures {
  static final String AUTH_ID = "MAZDJ5NTQ4ODM2YTJLMW";
  static final String AUTH_TOKEN = "Tk3n-0f-s3cr3t.ZmFrZQ";
  static final Credentials CREDENTIALS = new Credentials(AUTH_ID, AUTH_TOKEN);

  /** {@code Basic base64(authId:authToken)}, computed here rather than by {@code Wire}. */
  static final String BASIC_AUTH =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((AUTH_ID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));

  static final String PHLO_VALUE = "4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10";
  static final String NODE_VALUE = "9a2c3b1e-0c1d-4e5f-8a9b-112233445566";
  static final PhloId PHLO = PhloId.of(PHLO_VALUE);
  static final NodeId NODE = NodeId.of(NODE_VALUE);
  static final String NODE_PATH = "/v1/phlo/" + PHLO_VALUE + "/multi_party_call/" + NODE_VALUE;

  /** The initiator of transfers (U1 in Plivo's documents). */
  static final Endpoint U1 = Endpoint.of("+14152223333");

  /** The member who waits (U2). */
  static final Endpoint U2 = Endpoint.of("+14152224444");

  /** A SIP member. */
  static final Endpoint SIP = Endpoint.of("sip:agent1@phone.plivo.com");

  /** The target of transfers (U3). */
  static final Endpoint U3 = Endpoint.of("+14152225555");

  static final String CALL_VALUE = "55309cee-821d-11e4-9a73-498d468c930b";
  static final CallUuid CALL = CallUuid.of(CALL_VALUE);
  static final String CALL_PATH = "/v1/Account/" + AUTH_ID + "/Call/" + CALL_VALUE + "/";

  static final String CREATED_ON = "2020-08-01 09:05:11.846982+00:00";

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private Fixtures() {}

  /** A server whose node has U1, U2 and the SIP member, and whose call is live. */
  static FakePlivoServer startServer() {
    return FakePlivoServer.start(CREDENTIALS).addNode(PHLO, NODE, U1, U2, SIP).addCall(CALL);
  }

  /** A configuration pointing both APIs at {@code baseUrl}. */
  static HandoffConfig config(URI baseUrl, Duration timeout) {
    return HandoffConfig.builder(CREDENTIALS)
        .phloBaseUrl(baseUrl)
        .voiceBaseUrl(baseUrl)
        .connectTimeout(Duration.ofSeconds(5))
        .timeout(timeout)
        .build();
  }

  /** {@code text} parsed as JSON (a {@code Map} for an object), or null for an empty text. */
  static @Nullable Object parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return JSON.fromJson(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** A JSON object literal, parsed, for comparing bodies as JSON. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) {
    return (Map<String, Object>) parse(json);
  }
}
