package dev.handoff.spi;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.internal.Redactor;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.WebhookUrl;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Describes every request of one {@code Handoff} as a {@link Wire}: the one place that knows
 * Plivo's routes, methods and bodies (see {@code docs/plivo-api.md}). The headers are computed once
 * and shared by every {@link Wire} it makes. Thread-safe.
 */
final class WireFormat implements Function<PlivoRequest, Wire> {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final URI phlo;
  private final URI voice;
  private final String authIdSegment;
  private final Map<String, String> headers;
  private final Redactor redactor;

  WireFormat(HandoffConfig config, String transport) {
    this.phlo = config.phloBaseUrl();
    this.voice = config.voiceBaseUrl();
    this.authIdSegment = pathSegment(config.credentials().authId());
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put("Authorization", basicAuth(config.credentials()));
    headers.put("User-Agent", userAgent(transport));
    this.headers = Collections.unmodifiableMap(headers);
    this.redactor = Redactor.of(config.credentials());
  }

  @Override
  public Wire apply(PlivoRequest request) {
    if (request instanceof NodeAction action) {
      return post(
          request, Wire.Base.PHLO, phlo, nodePath(action.phloId(), action.nodeId()), body(action));
    }
    if (request instanceof MemberAction action) {
      String path =
          nodePath(action.phloId(), action.nodeId())
              + "/members/"
              + pathSegment(action.member().value());
      return post(request, Wire.Base.PHLO, phlo, path, Map.of("action", action.type().wireValue()));
    }
    if (request instanceof ReadNode read) {
      return new Wire(
          request,
          Wire.Method.GET,
          Wire.Base.PHLO,
          phlo,
          nodePath(read.phloId(), read.nodeId()),
          headers,
          null,
          redactor);
    }
    CallTransfer transfer = (CallTransfer) request;
    String path =
        "v1/Account/" + authIdSegment + "/Call/" + pathSegment(transfer.callUuid().value()) + "/";
    return post(request, Wire.Base.VOICE, voice, path, body(transfer));
  }

  private Wire post(
      PlivoRequest request, Wire.Base base, URI baseUrl, String path, Map<String, String> body) {
    return new Wire(request, Wire.Method.POST, base, baseUrl, path, headers, body, redactor);
  }

  /** {@code Basic base64(auth_id:auth_token)}. */
  static String basicAuth(Credentials credentials) {
    String pair = credentials.authId() + ":" + credentials.authToken();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code handoff-java/<version> (<transport>; Java <version>)}. */
  static String userAgent(String transport) {
    return "handoff-java/"
        + Handoff.version()
        + " ("
        + transport
        + "; Java "
        + System.getProperty("java.version")
        + ")";
  }

  /** {@code v1/phlo/{phlo_id}/multi_party_call/{node_id}}: node actions and node reads. */
  private static String nodePath(PhloId phloId, NodeId nodeId) {
    return "v1/phlo/"
        + pathSegment(phloId.value())
        + "/multi_party_call/"
        + pathSegment(nodeId.value());
  }

  /** {@code action}, {@code to}, {@code role}, {@code trigger_source}, in that order. */
  private static Map<String, String> body(NodeAction action) {
    Map<String, String> body = new LinkedHashMap<>(8);
    body.put("action", action.type().wireValue());
    body.put("to", action.to().value());
    body.put("role", action.role().wireValue());
    body.put("trigger_source", action.triggerSource().value());
    return Collections.unmodifiableMap(body);
  }

  /**
   * {@code legs}, then {@code aleg_url}/{@code aleg_method} and {@code bleg_url}/{@code
   * bleg_method} for the legs that move (the method always sent, {@code POST} by default), then
   * {@code callback_url}/{@code callback_method} when set.
   */
  private static Map<String, String> body(CallTransfer transfer) {
    Map<String, String> body = new LinkedHashMap<>(16);
    Legs legs = transfer.legs();
    body.put("legs", legs.wireValue());
    put(body, "aleg", legs.aLegUrl());
    put(body, "bleg", legs.bLegUrl());
    put(body, "callback", transfer.callback());
    return Collections.unmodifiableMap(body);
  }

  private static void put(Map<String, String> body, String prefix, @Nullable WebhookUrl url) {
    if (url != null) {
      body.put(prefix + "_url", url.uri().toString());
      body.put(prefix + "_method", url.method().name());
    }
  }

  /**
   * Percent-encodes one path segment: RFC 3986 unreserved characters and {@code + : @} stay as they
   * are (Plivo's SDKs send phone numbers and SIP addresses unescaped); every other UTF-8 byte
   * becomes {@code %XX}.
   */
  static String pathSegment(String value) {
    int i = 0;
    while (i < value.length() && isPlain(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && isPlain(c)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isPlain(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == ':'
        || c == '@';
  }
}
