package dev.handoff.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Shared values and helpers for the Retrofit transport's tests. */
final class Fixtures {
  static final String AUTH_ID = "MAABCDEFGHIJ12345678";
  static final String AUTH_TOKEN = "t0k3n-S3cr3t-Value";
  static final Credentials CREDENTIALS = new Credentials(AUTH_ID, AUTH_TOKEN);
  static final PhloId PHLO_ID = PhloId.of("e564d7b2-6ff6-4d2b-8bd8-3c8dd9b4c7ef");
  static final NodeId NODE_ID = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  static final CallUuid CALL_UUID = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
  static final String API_ID = "faad0293-f5f0-487e-8ff7-b45ba6c45b25";

  /** {@code Basic base64(authId:authToken)}, computed here rather than by {@code Wire}. */
  static final String EXPECTED_AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((AUTH_ID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.US_ASCII));

  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder()
          .build()
          .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private Fixtures() {}

  /** A MockWebServer on 127.0.0.1, ephemeral port. */
  static MockWebServer startServer() {
    MockWebServer server = new MockWebServer();
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  static String baseUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  /**
   * How core describes the requests of a Handoff over {@code config} on this transport: every Wire
   * it makes shares one header map, as a Handoff's do.
   */
  static Function<PlivoRequest, Wire> wires(HandoffConfig config) {
    return Wire.describer(config, RetrofitCallControl.TRANSPORT);
  }

  /** A warm transfer of {@link #PHLO_ID}'s {@link #NODE_ID}, from +14152223333 to +14152225555. */
  static WarmTransfer warmTransfer() {
    return WarmTransfer.builder()
        .phloId(PHLO_ID)
        .nodeId(NODE_ID)
        .triggerSource("+14152223333")
        .to("+14152225555")
        .build();
  }

  /** Both base URLs on {@code port}; 5 s timeout; no retry unless a test asks for it. */
  static HandoffConfig.Builder config(int port) {
    return HandoffConfig.builder(CREDENTIALS)
        .phloBaseUrl(baseUrl(port))
        .voiceBaseUrl(baseUrl(port))
        .connectTimeout(Duration.ofSeconds(2))
        .timeout(Duration.ofSeconds(5))
        .retryPolicy(RetryPolicy.none());
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse accepted() {
    return json(201, "{\"api_id\": \"" + API_ID + "\", \"error\": \"\"}");
  }

  /** Parses a JSON object with Moshi; insertion order is kept. */
  static Map<String, Object> parseJson(String json) {
    try {
      return JSON.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Neither the token nor the Authorization value appears in the failure or any of its causes. */
  static void assertNoSecret(Throwable failure) {
    String credentials = EXPECTED_AUTHORIZATION.substring("Basic ".length());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(AUTH_TOKEN)
          .doesNotContain(credentials);
      assertThat(t.toString()).doesNotContain(AUTH_TOKEN);
    }
  }
}
