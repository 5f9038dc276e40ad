package dev.handoff.spi;

import dev.handoff.internal.Checks;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.LegsTransfer;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WebhookUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Plivo's wire format as Handoff speaks it (see {@code plivo-api.md}): paths, JSON bodies, headers
 * and failure classification, written once so every transport puts the same bytes on the wire.
 * Transports serialise the maps returned here with their own JSON library, in the map's order.
 *
 * <p>Paths are relative to the configured base URL and carry no leading slash: {@code
 * v1/phlo/{phlo_id}/multi_party_call/{node_id}}. Every path segment is percent-encoded by {@link
 * #pathSegment(String)}.
 */
public final class Wire {
  /** The largest answer body a transport reads into memory: 1 MiB. */
  public static final int MAX_ANSWER_BYTES = 1 << 20;

  /** The {@code Content-Type} of every request body. */
  public static final String JSON_CONTENT_TYPE = "application/json";

  /** Handoff's version, as released (from the build). */
  public static final String VERSION = readVersion();

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Wire() {}

  /**
   * The {@code User-Agent} header: {@code handoff-java/<version> (<transport>; Java <version>)}.
   *
   * @param transport the transport's short name, for example {@code "retrofit"}
   */
  public static String userAgent(String transport) {
    return "handoff-java/"
        + VERSION
        + " ("
        + transport
        + "; Java "
        + System.getProperty("java.version")
        + ")";
  }

  /** The {@code Authorization} header value: {@code Basic base64(authId:authToken)}. */
  public static String basicAuth(Credentials credentials) {
    String pair = credentials.authId() + ":" + credentials.authToken();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code v1/phlo/{phlo_id}/multi_party_call/{node_id}}: node actions and node reads. */
  public static String nodePath(PhloId phloId, NodeId nodeId) {
    return "v1/phlo/"
        + pathSegment(phloId.value())
        + "/multi_party_call/"
        + pathSegment(nodeId.value());
  }

  /** {@code v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}}. */
  public static String memberPath(MemberAction action) {
    return nodePath(action.phloId(), action.nodeId())
        + "/members/"
        + pathSegment(action.member().value());
  }

  /** {@code v1/Account/{auth_id}/Call/{call_uuid}/}, trailing slash included. */
  public static String callPath(String authId, CallUuid callUuid) {
    return "v1/Account/" + pathSegment(authId) + "/Call/" + pathSegment(callUuid.value()) + "/";
  }

  /**
   * Percent-encodes one path segment: RFC 3986 unreserved characters and {@code + : @} stay as they
   * are (Plivo's SDKs send phone numbers and SIP addresses unescaped); every other UTF-8 byte
   * becomes {@code %XX}.
   */
  public static String pathSegment(String value) {
    StringBuilder out = null;
    byte[] bytes = null;
    for (int i = 0; i < value.length(); i++) {
      if (!isPlain(value.charAt(i))) {
        bytes = value.getBytes(StandardCharsets.UTF_8);
        out = new StringBuilder(bytes.length * 3);
        break;
      }
    }
    if (bytes == null) {
      return value;
    }
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

  /**
   * The JSON body of a node action: {@code action}, {@code to}, {@code role}, {@code
   * trigger_source}.
   */
  public static Map<String, String> body(NodeAction action) {
    Map<String, String> body = new LinkedHashMap<>(8);
    body.put("action", action.type().wireValue());
    body.put("to", action.to().value());
    body.put("role", action.role().wireValue());
    body.put("trigger_source", action.triggerSource().value());
    return body;
  }

  /** The JSON body of a member action: {@code {"action": "<action>"}}. */
  public static Map<String, String> body(MemberAction action) {
    return Map.of("action", action.action().wireValue());
  }

  /**
   * The JSON body of a call transfer: {@code legs}, then {@code aleg_url}/{@code aleg_method} and
   * {@code bleg_url}/{@code bleg_method} for the legs that move (the method always sent, {@code
   * POST} by default), then {@code callback_url}/{@code callback_method} when set.
   */
  public static Map<String, String> body(CallTransfer transfer) {
    Map<String, String> body = new LinkedHashMap<>(16);
    LegsTransfer legs = transfer.legs();
    body.put("legs", legs.wireValue());
    put(body, "aleg", legs.aLegUrl());
    put(body, "bleg", legs.bLegUrl());
    put(body, "callback", transfer.callback());
    return body;
  }

  private static void put(Map<String, String> body, String prefix, @Nullable WebhookUrl url) {
    if (url != null) {
      body.put(prefix + "_url", url.uri().toString());
      body.put(prefix + "_method", url.method().name());
    }
  }

  /**
   * Classifies a transport's exception into a {@link TransportFailureException}.
   *
   * <p>{@link Delivery#NOT_SENT} when {@code requestMayHaveLeft} is false (the transport knows it
   * never started writing the request), or when the cause (or a cause of it) is a failure to
   * connect: {@link ConnectException}, {@link UnknownHostException}, {@link
   * NoRouteToHostException}, {@link PortUnreachableException}, or a {@link SocketTimeoutException}
   * while connecting. Otherwise {@link Delivery#UNKNOWN}.
   *
   * @param operation the request's {@code operation()}, for the message
   * @param cause the transport's exception, kept as the cause
   * @param requestMayHaveLeft false only when the transport knows no byte of the request was
   *     written
   */
  public static TransportFailureException transportFailure(
      String operation, Throwable cause, boolean requestMayHaveLeft) {
    boolean notSent = !requestMayHaveLeft || isConnectFailure(cause);
    String detail = describe(cause);
    if (notSent) {
      return new TransportFailureException(
          Delivery.NOT_SENT,
          operation + " was not sent: could not connect to Plivo (" + detail + ")",
          cause);
    }
    return new TransportFailureException(
        Delivery.UNKNOWN,
        operation + " got no usable answer (" + detail + "); Plivo may have performed it",
        cause);
  }

  /**
   * The failure of a request handed to a transport after its {@code close()}: {@link
   * Delivery#NOT_SENT}.
   *
   * @param operation the request's {@code operation()}
   * @param transport the transport's short name, for example {@code "retrofit"}
   */
  public static TransportFailureException closedTransport(String operation, String transport) {
    return new TransportFailureException(
        Delivery.NOT_SENT,
        operation + " was not sent: the " + transport + " transport is closed",
        null);
  }

  /**
   * A connect timeout in whole milliseconds, rounded up: a timeout under one millisecond must not
   * round down to 0, which OkHttp and Netty both read as "no timeout". {@code HandoffConfig} bounds
   * it to 10 minutes, so it fits an {@code int}.
   */
  public static int connectTimeoutMillis(Duration connectTimeout) {
    long millis = connectTimeout.toMillis();
    return Math.toIntExact(connectTimeout.minusMillis(millis).isZero() ? millis : millis + 1);
  }

  /**
   * The failure for an answer body larger than {@link #MAX_ANSWER_BYTES}: {@link Delivery#UNKNOWN},
   * since Plivo answered and may have performed the request.
   */
  public static TransportFailureException answerTooLarge(String operation, int status) {
    return new TransportFailureException(
        Delivery.UNKNOWN,
        operation
            + " got an answer (HTTP "
            + status
            + ") larger than "
            + MAX_ANSWER_BYTES
            + " bytes, which was not read; Plivo may have performed it",
        null);
  }

  private static boolean isConnectFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof PortUnreachableException) {
        return true;
      }
      if (t instanceof SocketTimeoutException
          && t.getMessage() != null
          && t.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return name;
    }
    return name + ": " + Checks.sanitize(message, 200);
  }

  private static String readVersion() {
    try (InputStream in =
        Wire.class.getResourceAsStream("/dev/handoff/internal/handoff-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
