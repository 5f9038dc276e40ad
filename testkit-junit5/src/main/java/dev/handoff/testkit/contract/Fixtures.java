package dev.handoff.testkit.contract;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.PlivoFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
  static final Address U1 = Address.of("+14152223333");

  /** The member who waits (U2). */
  static final Address U2 = Address.of("+14152224444");

  /** A SIP member. */
  static final Address SIP = Address.of("sip:agent1@phone.plivo.com");

  /** The target of transfers (U3). */
  static final Address U3 = Address.of("+14152225555");

  static final String CALL_VALUE = "55309cee-821d-11e4-9a73-498d468c930b";
  static final CallUuid CALL = CallUuid.of(CALL_VALUE);
  static final String CALL_PATH = "/v1/Account/" + AUTH_ID + "/Call/" + CALL_VALUE + "/";

  static final String CREATED_ON = "2020-08-01 09:05:11.846982+00:00";

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private Fixtures() {}

  /**
   * A loopback port that refuses connections for as long as the tests run: a socket this JVM has
   * bound but never listens on. (Binding a port and closing it again would leave a window in which
   * another process could take it.)
   */
  static int refusingPort() {
    return RefusingPort.SOCKET.getLocalPort();
  }

  private static final class RefusingPort {
    static final Socket SOCKET = bind();

    private static Socket bind() {
      Socket socket = new Socket();
      try {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return socket;
    }
  }

  /** A server whose node has U1, U2 and the SIP member, and whose call is live. */
  static FakePlivoServer startServer() {
    FakePlivoServer server = FakePlivoServer.start(CREDENTIALS);
    seed(server.model());
    return server;
  }

  /** Declares the node with U1, U2 and the SIP member, all in the call, and the live call. */
  static void seed(CallModel model) {
    model.node(PHLO, NODE).member(U1).member(U2).member(SIP);
    model.call(CALL);
  }

  /**
   * Puts the member where the model accepts {@code action}: a warm transfer it initiated for {@code
   * abort_transfer}, on hold for {@code resume_call} and {@code unhold}, muted for {@code unmute};
   * the others are accepted from the seeded state.
   */
  static void prepare(CallModel model, MemberAction action) {
    PlivoRequest before;
    switch (action.type()) {
      case ABORT_TRANSFER:
        before = new WarmTransfer(PHLO, NODE, action.member(), U3);
        break;
      case RESUME_CALL:
      case UNHOLD:
        before = new MemberAction(PHLO, NODE, action.member(), MemberActionType.HOLD);
        break;
      case UNMUTE:
        before = new MemberAction(PHLO, NODE, action.member(), MemberActionType.MUTE);
        break;
      default:
        return;
    }
    int status = model.apply(before, AUTH_ID).status();
    if (status != 201) {
      throw new IllegalStateException(
          "could not prepare " + action + ": " + before + " -> " + status);
    }
  }

  /** A configuration that reaches {@code fake}. */
  static HandoffConfig config(PlivoFake fake, Duration timeout) {
    return fake.configBuilder(CREDENTIALS)
        .connectTimeout(Duration.ofSeconds(5))
        .timeout(timeout)
        .build();
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
