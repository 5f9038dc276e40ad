package dev.handoff.spi;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.internal.Redactor;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.WebhookUrl;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Describes every request of one {@code Handoff} as a {@link Wire}: the one place that knows
 * Plivo's routes, methods and bodies (see {@code docs/plivo-api.md}), and the canonical form of the
 * base URLs. The headers are computed once per base and shared by every {@link Wire} it makes.
 * Thread-safe.
 */
final class WireFormat implements Function<PlivoRequest, Wire> {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final URI phlo;
  private final URI voice;
  private final String authIdSegment;
  private final Map<String, String> phloHeaders;
  private final Map<String, String> voiceHeaders;
  private final Redactor redactor;

  WireFormat(HandoffConfig config, String transport) {
    this.phlo = baseUrl(config.phloBaseUrl());
    this.voice = baseUrl(config.voiceBaseUrl());
    this.authIdSegment = pathSegment(config.credentials().authId());
    String authorization = basicAuth(config.credentials());
    String userAgent = userAgent(transport);
    this.phloHeaders = headers(phlo, authorization, userAgent);
    this.voiceHeaders = voice.equals(phlo) ? phloHeaders : headers(voice, authorization, userAgent);
    this.redactor = Redactor.of(config);
  }

  /** {@code Host}, {@code Authorization}, {@code User-Agent}, {@code Accept-Encoding}: in order. */
  private static Map<String, String> headers(URI baseUrl, String authorization, String userAgent) {
    Map<String, String> headers = new LinkedHashMap<>(8);
    headers.put("Host", host(baseUrl));
    headers.put("Authorization", authorization);
    headers.put("User-Agent", userAgent);
    headers.put("Accept-Encoding", Wire.ACCEPT_ENCODING);
    return Collections.unmodifiableMap(headers);
  }

  /** The {@code Host} header of a canonical base URL: its host, and its port unless the default. */
  static String host(URI baseUrl) {
    return baseUrl.getPort() == -1
        ? baseUrl.getHost()
        : baseUrl.getHost() + ":" + baseUrl.getPort();
  }

  /**
   * The canonical form of a base URL {@link HandoffConfig} accepted, the one every transport sends
   * to: scheme and host in lower case; the port dropped when it is the scheme's default; in the
   * path, each character that is not ASCII as the percent-encoded bytes of its UTF-8 form (escapes
   * already there kept as they are), dot segments ({@code .} and {@code ..}, also percent-encoded)
   * removed as RFC 3986 §5.2.4 does, and no trailing {@code /}. OkHttp normalises a URL so by
   * itself; doing it here makes every transport send the same request line and {@code Host}.
   */
  static URI baseUrl(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
      port = -1;
    }
    String rawPath = url.getRawPath();
    String path = removeDotSegments(encodeNonAscii(rawPath == null ? "" : rawPath));
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return URI.create(
        scheme + "://" + host + (port == -1 ? "" : ":" + port) + path.substring(0, end));
  }

  /** {@code path} with every character above U+007F as the {@code %XX} of its UTF-8 bytes. */
  private static String encodeNonAscii(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) < 0x80) {
      i++;
    }
    if (i == path.length()) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length() + 16).append(path, 0, i);
    while (i < path.length()) {
      int codePoint = path.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      if (codePoint < 0x80) {
        out.append((char) codePoint);
      } else {
        for (byte b : path.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
      }
      i = next;
    }
    return out.toString();
  }

  /**
   * RFC 3986 §5.2.4 on an absolute path (or an empty one), where a segment is a dot segment also
   * when percent-encoded ({@code %2e}, {@code .%2E}), as OkHttp and the WHATWG URL standard read
   * it. A dot segment at the end leaves the path ending in {@code /}.
   */
  static String removeDotSegments(String path) {
    if (path.isEmpty() || (path.indexOf('.') < 0 && path.indexOf('%') < 0)) {
      return path;
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (isDot(segment)) {
        if (last) {
          out.add("");
        }
      } else if (isDotDot(segment)) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else {
        out.add(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  private static boolean isDot(String segment) {
    return segment.equals(".") || segment.equalsIgnoreCase("%2e");
  }

  private static boolean isDotDot(String segment) {
    return segment.equals("..")
        || segment.equalsIgnoreCase("%2e.")
        || segment.equalsIgnoreCase(".%2e")
        || segment.equalsIgnoreCase("%2e%2e");
  }

  /** The canonical base URL of {@code base}'s requests. */
  static URI baseUrl(HandoffConfig config, Wire.Base base) {
    return baseUrl(
        switch (base) {
          case PHLO -> config.phloBaseUrl();
          case VOICE -> config.voiceBaseUrl();
        });
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
          phloHeaders,
          null,
          redactor);
    }
    if (request instanceof ReadLiveCall read) {
      return new Wire(
          request,
          Wire.Method.GET,
          Wire.Base.VOICE,
          voice,
          callPath(read.callUuid()) + "?status=live",
          voiceHeaders,
          null,
          redactor);
    }
    CallTransfer transfer = (CallTransfer) request;
    return post(request, Wire.Base.VOICE, voice, callPath(transfer.callUuid()), body(transfer));
  }

  /** {@code v1/Account/{auth_id}/Call/{call_uuid}/}: the trailing slash is part of the path. */
  private String callPath(CallUuid callUuid) {
    return "v1/Account/" + authIdSegment + "/Call/" + pathSegment(callUuid.value()) + "/";
  }

  private Wire post(
      PlivoRequest request, Wire.Base base, URI baseUrl, String path, Map<String, String> body) {
    return new Wire(
        request,
        Wire.Method.POST,
        base,
        baseUrl,
        path,
        base == Wire.Base.PHLO ? phloHeaders : voiceHeaders,
        body,
        redactor);
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
