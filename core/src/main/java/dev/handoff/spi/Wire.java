package dev.handoff.spi;

import dev.handoff.HandoffConfig;
import dev.handoff.internal.Checks;
import dev.handoff.internal.Failures;
import dev.handoff.internal.Redactor;
import dev.handoff.model.Delivery;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One request exactly as a transport puts it on the wire: its {@linkplain #method() method}, its
 * {@linkplain #baseUrl() base URL} (the PHLO runner's or the Voice API's), its already encoded
 * {@linkplain #path() path}, its {@linkplain #headers() headers} and its JSON {@linkplain #body()
 * body}. Core builds it from a {@link PlivoRequest} ({@link #describer}); a transport sends what it
 * says and never looks at the request's type, so every transport sends the same bytes.
 *
 * <p>The facts it spells come from Plivo's documents, summarised in the repository's {@code
 * docs/plivo-api.md}:
 *
 * <table>
 *   <caption>Requests</caption>
 *   <tr><th>request</th><th>method</th><th>base</th><th>path</th><th>body</th></tr>
 *   <tr><td>node action</td><td>POST</td><td>PHLO</td>
 *       <td>{@code v1/phlo/{phlo_id}/multi_party_call/{node_id}}</td>
 *       <td>{@code action, to, role, trigger_source}</td></tr>
 *   <tr><td>member action</td><td>POST</td><td>PHLO</td>
 *       <td>{@code v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}}</td>
 *       <td>{@code action}</td></tr>
 *   <tr><td>node read</td><td>GET</td><td>PHLO</td>
 *       <td>{@code v1/phlo/{phlo_id}/multi_party_call/{node_id}}</td><td>none</td></tr>
 *   <tr><td>call transfer</td><td>POST</td><td>Voice</td>
 *       <td>{@code v1/Account/{auth_id}/Call/{call_uuid}/}</td>
 *       <td>{@code legs, aleg_url, aleg_method, bleg_url, bleg_method[, callback_url,
 *       callback_method]}</td></tr>
 *   <tr><td>live call read</td><td>GET</td><td>Voice</td>
 *       <td>{@code v1/Account/{auth_id}/Call/{call_uuid}/?status=live}</td><td>none</td></tr>
 * </table>
 *
 * <p>The path is relative to the base URL and has no leading {@code /}; only the live call read
 * carries a query ({@code ?status=live}, part of {@link #path()}). Each of its segments is
 * percent-encoded but for RFC 3986's unreserved characters and {@code + : @} (Plivo's SDKs send
 * phone numbers and SIP addresses unescaped). A transport serialises {@link #body()} as compact
 * JSON, in the map's order, with {@code Content-Type: application/json} ({@link #contentType()}).
 * Immutable and thread-safe; {@link #toString()} never shows a header's value.
 *
 * <h2>The rules every transport follows</h2>
 *
 * <p>Where HTTP leaves a choice, or clients differ on the same bytes, Handoff makes one, here, and
 * every transport follows it, so that the same answer gives the same outcome whatever the transport
 * (the testkit's {@code HostilePeerContract} holds them to it):
 *
 * <table>
 *   <caption>Requests</caption>
 *   <tr><th>what</th><th>the rule</th></tr>
 *   <tr><td>the head</td><td>the request line, then exactly {@link #headers()} in their order
 *       ({@code Host}, {@code Authorization}, {@code User-Agent}, {@code Accept-Encoding}), then,
 *       with a body, {@code Content-Type} and {@code Content-Length}; names spelled as here; no
 *       other header (no {@code Connection}: HTTP/1.1 connections persist by default)</td></tr>
 *   <tr><td>compression</td><td>none asked for ({@code Accept-Encoding: identity}) and none
 *       decoded: a body sent with a {@code Content-Encoding} anyway is read as the bytes it is, so
 *       it is not JSON</td></tr>
 *   <tr><td>the base URL</td><td>{@link Base#url}: percent-encoded, dot segments removed, host in
 *       lower case, no default port; {@code Host} is its host and port</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>what</th><th>the rule</th></tr>
 *   <tr><td>interim answers</td><td>every {@code 1xx} before the final answer but {@code 101},
 *       however many, is skipped; a {@code 101 Switching Protocols} (Handoff never asks for an
 *       upgrade) is no answer: the attempt fails {@link Delivery#UNKNOWN} and its connection is
 *       closed</td></tr>
 *   <tr><td>bytes nobody asked for</td><td>a connection holding any byte beyond the last answer
 *       (an extra response, say) is discarded, never reused, so no operation gets an answer that
 *       was not the response to its own request</td></tr>
 *   <tr><td>{@code Content-Length}</td><td>given more than once (even alike), as a list, or not
 *       as plain digits ({@link #hasUsableContentLength}): the answer has no trustworthy end; the
 *       attempt fails {@link Delivery#UNKNOWN} and its connection is closed</td></tr>
 *   <tr><td>{@code Retry-After}</td><td>given more than once: none ({@link #retryAfter})</td></tr>
 *   <tr><td>{@code 407}</td><td>an answer like any other status, mapped by core (a {@code
 *       RejectedException}); no proxy authentication is tried</td></tr>
 *   <tr><td>JSON</td><td>a body is JSON only if it is one object as RFC 8259 writes it, strictly:
 *       UTF-8 without a byte order mark, no raw control character in a string, no member name
 *       twice, at most {@value #MAX_JSON_DEPTH} levels of nesting (the object itself is level 1),
 *       nothing but white space around it. {@link #isJsonCandidate} checks what parsers do not all
 *       check; anything else is text</td></tr>
 * </table>
 */
public final class Wire {
  /** The largest response body a transport reads into memory: 1 MiB. */
  public static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** The {@code Content-Type} of every request body: {@code application/json}. */
  public static final String JSON_CONTENT_TYPE = "application/json";

  /**
   * The {@code Accept-Encoding} of every request: {@code identity}, no compression. Plivo's answers
   * are a few hundred bytes; asking for none means no transport decodes one and another not.
   */
  public static final String ACCEPT_ENCODING = "identity";

  /** How deeply a JSON body may nest, the top-level object counted as level 1: 32. */
  public static final int MAX_JSON_DEPTH = 32;

  /** The HTTP methods Handoff uses. */
  public enum Method {
    /** Reads: a node read. */
    GET,
    /** Every action and transfer. */
    POST
  }

  /** Which of Plivo's two APIs a request goes to, and so which base URL it is relative to. */
  public enum Base {
    /** The PHLO runner: {@link HandoffConfig#phloBaseUrl()}. */
    PHLO,
    /** The Voice API: {@link HandoffConfig#voiceBaseUrl()}. */
    VOICE;

    /**
     * This base's URL in {@code config}, in the canonical form every transport sends to (and {@link
     * Wire#baseUrl()} is): scheme and host in lower case; no port when it is the scheme's default;
     * in the path, each character that is not ASCII as the percent-encoded bytes of its UTF-8 form
     * (escapes already there kept as they are) and dot segments ({@code .}, {@code ..}, also
     * percent-encoded) removed as RFC 3986 §5.2.4 does; no trailing {@code /}. For example {@code
     * https://Proxy.example:443/pr\u00fcfung/a/../v2/.} becomes {@code
     * https://proxy.example/pr%C3%BCfung/v2}.
     *
     * @throws NullPointerException if {@code config} is null
     */
    public URI url(HandoffConfig config) {
      return WireFormat.baseUrl(Checks.notNull(config, "config"), this);
    }
  }

  private final PlivoRequest request;
  private final Method method;
  private final Base base;
  private final URI baseUrl;
  private final String path;
  private final Map<String, String> headers;
  private final @Nullable Map<String, String> body;
  private final Redactor redactor;

  /** Takes the maps as they are: {@link WireFormat} passes unmodifiable maps nobody else holds. */
  Wire(
      PlivoRequest request,
      Method method,
      Base base,
      URI baseUrl,
      String path,
      Map<String, String> headers,
      @Nullable Map<String, String> body,
      Redactor redactor) {
    this.request = request;
    this.method = method;
    this.base = base;
    this.baseUrl = baseUrl;
    this.path = path;
    this.headers = headers;
    this.body = body;
    this.redactor = redactor;
  }

  /**
   * How core describes every request of one {@code Handoff}: a function from a request to its wire
   * form, with the headers computed once ({@code Authorization: Basic base64(auth_id:auth_token)},
   * {@code User-Agent: handoff-java/<version> (<transport>; Java <version>)}). Transports' own
   * tests may use it to build the requests they send.
   *
   * @param config the credentials and base URLs
   * @param transport the transport's short name for the {@code User-Agent}, for example {@code
   *     "retrofit"}
   * @throws NullPointerException if an argument is null
   */
  public static Function<PlivoRequest, Wire> describer(HandoffConfig config, String transport) {
    return new WireFormat(Checks.notNull(config, "config"), Checks.notNull(transport, "transport"));
  }

  /** The request this describes, for fakes that act on its meaning; transports ignore it. */
  public PlivoRequest request() {
    return request;
  }

  /** The request's {@link PlivoRequest#operation()}, its stable identifier. */
  public String operation() {
    return request.operation();
  }

  /** The HTTP method. */
  public Method method() {
    return method;
  }

  /** Which API the request goes to. */
  public Base base() {
    return base;
  }

  /**
   * The base URL {@link #path()} is relative to, in canonical form ({@link Base#url}), without a
   * trailing {@code /}.
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * The URI template of {@code request}'s route, as {@code docs/plivo-api.md} lists Plivo's routes:
   * {@code /v1/phlo/{phlo_id}/multi_party_call/{node_id}}, its {@code /members/{member_address}},
   * {@code /v1/Account/{auth_id}/Call/{call_uuid}/}. Low cardinality (4 values), and never the path
   * itself, which holds the Auth ID and phone numbers: for metrics and traces.
   */
  public static String uriTemplate(PlivoRequest request) {
    if (request instanceof MemberAction) {
      return "/v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}";
    }
    if (request instanceof NodeAction || request instanceof ReadNode) {
      return "/v1/phlo/{phlo_id}/multi_party_call/{node_id}";
    }
    return "/v1/Account/{auth_id}/Call/{call_uuid}/";
  }

  /** The HTTP method of {@code request}: {@code GET} for the reads, {@code POST} otherwise. */
  public static Method method(PlivoRequest request) {
    return request.isRead() ? Method.GET : Method.POST;
  }

  /**
   * The encoded path relative to {@link #baseUrl()}, without a leading {@code /}, with the query
   * when the request has one ({@code ?status=live}).
   */
  public String path() {
    return path;
  }

  /** The absolute URL, {@code baseUrl() + "/" + path()}; built on each call. */
  public URI uri() {
    return URI.create(baseUrl + "/" + path);
  }

  /**
   * The request's headers, in the order to send them, names spelled as here: {@code Host} (the
   * {@linkplain #baseUrl() base URL}'s host, and its port unless the scheme's default), {@code
   * Authorization}, {@code User-Agent} and {@code Accept-Encoding: identity}. A request with a body
   * then has {@code Content-Type} ({@link #contentType()}) and {@code Content-Length}, which the
   * transport adds in that order; it adds nothing else. Unmodifiable; the same map for every
   * request of a {@code Handoff} to the same base URL.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /** The JSON body's members, in order, all strings; null for a request without a body (GET). */
  public @Nullable Map<String, String> body() {
    return body;
  }

  /** {@link #JSON_CONTENT_TYPE} when there is a body, else null. */
  public @Nullable String contentType() {
    return body == null ? null : JSON_CONTENT_TYPE;
  }

  /**
   * The failure of this attempt when the transport got no usable response.
   *
   * <p>The delivery is {@link Delivery#NOT_SENT} when {@code delivery} says so (the transport knows
   * no byte of the request was written), or when the cause (or a cause of it) is a failure to
   * connect: {@link ConnectException}, {@link UnknownHostException}, {@link
   * NoRouteToHostException}, {@link PortUnreachableException}, or a {@link SocketTimeoutException}
   * while connecting. Otherwise {@link Delivery#UNKNOWN}: Plivo may have performed the request.
   *
   * @param cause the transport's exception, kept as the cause; its message is shortened and
   *     sanitised in this one's, and the account's credentials in it are masked (a peer may have
   *     echoed them into a status line or a header the client quotes). Core replaces a cause whose
   *     message holds them before anyone else sees it
   * @param delivery {@link Delivery#NOT_SENT} when the transport knows nothing was written, else
   *     {@link Delivery#UNKNOWN}
   */
  public TransportFailureException failure(Throwable cause, Delivery delivery) {
    Checks.notNull(cause, "cause");
    Checks.notNull(delivery, "delivery");
    String detail = describe(cause);
    if (delivery == Delivery.NOT_SENT || isConnectFailure(cause)) {
      return Failures.get()
          .transportFailure(
              request,
              Delivery.NOT_SENT,
              request.displayName() + " was not sent: could not connect to Plivo (" + detail + ")",
              cause);
    }
    return Failures.get()
        .transportFailure(
            request,
            Delivery.UNKNOWN,
            request.displayName() + " got no usable answer (" + detail + ")",
            cause);
  }

  /**
   * The failure of this request when the transport was closed before it was sent: {@link
   * Delivery#NOT_SENT}.
   *
   * @param transport the transport's short name, for example {@code "retrofit"}
   */
  public TransportFailureException closed(String transport) {
    return Failures.get()
        .transportFailure(
            request,
            Delivery.NOT_SENT,
            request.displayName() + " was not sent: the " + transport + " transport is closed",
            null);
  }

  /**
   * The failure for a response body larger than {@link #MAX_RESPONSE_BYTES}, which the transport
   * did not read: {@link Delivery#UNKNOWN}. Core turns it into an accepted response when {@code
   * status} is 2xx (a 2xx means Plivo accepted; the receipt then says the body was not read), so a
   * transport completes with this failure whatever the status.
   *
   * @param status the response's HTTP status
   */
  public TransportFailureException responseTooLarge(int status) {
    return Failures.get()
        .bodyTooLarge(
            request,
            status,
            request.displayName()
                + " got an answer (HTTP "
                + status
                + ") larger than "
                + MAX_RESPONSE_BYTES
                + " bytes, which was not read");
  }

  /**
   * The {@code Retry-After} of an answer, from every value it gave: the value when there is exactly
   * one, else null. The header admits one value; given twice (alike or not), neither is trusted, so
   * a {@code 503} is then not retried and a {@code 429} waits for the policy's backoff.
   *
   * @param values the field's values in the order received, none when absent
   */
  public static @Nullable String retryAfter(List<String> values) {
    return values.size() == 1 ? values.get(0) : null;
  }

  /**
   * Whether an answer's {@code Content-Length} frames its body unambiguously: absent, or given once
   * as 1 to 18 ASCII digits (white space around them allowed). Given twice (even alike), as a list
   * ({@code 5, 5}), signed or otherwise, it does not: RFC 9112 §6.3 makes the answer unusable, so
   * the transport fails the attempt with {@link Delivery#UNKNOWN} and closes its connection.
   *
   * @param values the field's values in the order received, none when absent
   */
  public static boolean hasUsableContentLength(List<String> values) {
    if (values.isEmpty()) {
      return true;
    }
    if (values.size() > 1) {
      return false;
    }
    String value = values.get(0).strip();
    if (value.isEmpty() || value.length() > 18) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!Checks.isAsciiDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a body meets the part of Handoff's JSON rule that JSON parsers do not all check (Moshi
   * and Jackson differ on each): no byte order mark; well-formed UTF-8 (no overlong form, no
   * surrogate, nothing above U+10FFFF); no raw control character (U+0000 to U+001F) inside a
   * string; at most {@value #MAX_JSON_DEPTH} levels of nested objects and arrays. It reads no
   * grammar beyond strings: a transport reads the body as JSON only when this holds and its parser,
   * strict and rejecting a member name given twice, reads exactly one object from it; otherwise the
   * body is text. Allocation-free, one pass.
   *
   * @param body the body's bytes, as received
   * @param offset where the body starts in {@code body}
   * @param length the body's length
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are not within {@code
   *     body}
   */
  public static boolean isJsonCandidate(byte[] body, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, body.length);
    int end = offset + length;
    if (length >= 3
        && body[offset] == (byte) 0xef
        && body[offset + 1] == (byte) 0xbb
        && body[offset + 2] == (byte) 0xbf) {
      return false;
    }
    boolean inString = false;
    boolean escaped = false;
    int depth = 0;
    int i = offset;
    while (i < end) {
      int b = body[i] & 0xff;
      if (b >= 0x80) {
        int next = endOfUtf8Sequence(body, i, end);
        if (next < 0) {
          return false;
        }
        i = next;
        escaped = false;
        continue;
      }
      if (inString) {
        if (b < 0x20) {
          return false;
        }
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > MAX_JSON_DEPTH) {
          return false;
        }
      } else if (b == '}' || b == ']') {
        depth--;
      }
      i++;
    }
    return true;
  }

  /**
   * The index after the well-formed UTF-8 sequence starting at {@code start} (a byte of 0x80 or
   * more), or -1 if it is not one (RFC 3629's table).
   */
  private static int endOfUtf8Sequence(byte[] bytes, int start, int end) {
    int b = bytes[start] & 0xff;
    int length;
    int min;
    int max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = b == 0xe0 ? 0xa0 : 0x80;
      max = b == 0xed ? 0x9f : 0xbf; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = b == 0xf0 ? 0x90 : 0x80;
      max = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    } else {
      return -1;
    }
    if (start + length > end) {
      return -1;
    }
    int second = bytes[start + 1] & 0xff;
    if (second < min || second > max) {
      return -1;
    }
    for (int i = start + 2; i < start + length; i++) {
      int continuation = bytes[i] & 0xff;
      if (continuation < 0x80 || continuation > 0xbf) {
        return -1;
      }
    }
    return start + length;
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

  /** For example {@code Wire[POST PHLO v1/phlo/…/multi_party_call/…]}: no header, no body. */
  @Override
  public String toString() {
    return "Wire[" + method + " " + base + " " + path + "]";
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

  private String describe(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return name;
    }
    // Masked before the cut, which could otherwise leave part of a secret that masking misses.
    return name + ": " + Checks.sanitize(redactor.redact(message), 200);
  }
}
