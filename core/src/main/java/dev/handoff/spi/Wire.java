package dev.handoff.spi;

import dev.handoff.HandoffConfig;
import dev.handoff.internal.Checks;
import dev.handoff.internal.Failures;
import dev.handoff.internal.Redactor;
import dev.handoff.model.Delivery;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.TransportFailureException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
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
 * </table>
 *
 * <p>The path is relative to the base URL and has no leading {@code /}; each of its segments is
 * percent-encoded but for RFC 3986's unreserved characters and {@code + : @} (Plivo's SDKs send
 * phone numbers and SIP addresses unescaped). A transport serialises {@link #body()} as compact
 * JSON, in the map's order, with {@code Content-Type: application/json} ({@link #contentType()}).
 * Immutable and thread-safe; {@link #toString()} never shows a header's value.
 */
public final class Wire {
  /** The largest response body a transport reads into memory: 1 MiB. */
  public static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** The {@code Content-Type} of every request body: {@code application/json}. */
  public static final String JSON_CONTENT_TYPE = "application/json";

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
    VOICE
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

  /** The request's {@link PlivoRequest#operation()}, for messages. */
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

  /** The base URL {@link #path()} is relative to, without a trailing {@code /}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The encoded path relative to {@link #baseUrl()}, without a leading {@code /}. */
  public String path() {
    return path;
  }

  /** The absolute URL, {@code baseUrl() + "/" + path()}; built on each call. */
  public URI uri() {
    return URI.create(baseUrl + "/" + path);
  }

  /**
   * The request's headers, in the order to send them: {@code Authorization} and {@code User-Agent}.
   * {@code Content-Type} is {@link #contentType()}; the client adds {@code Host} and {@code
   * Content-Length}. Unmodifiable; the same map for every request of a {@code Handoff}.
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
              Delivery.NOT_SENT,
              operation() + " was not sent: could not connect to Plivo (" + detail + ")",
              cause);
    }
    return Failures.get()
        .transportFailure(
            Delivery.UNKNOWN,
            operation() + " got no usable answer (" + detail + "); Plivo may have performed it",
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
            Delivery.NOT_SENT,
            operation() + " was not sent: the " + transport + " transport is closed",
            null);
  }

  /**
   * The failure for a response body larger than {@link #MAX_RESPONSE_BYTES}, which the transport
   * did not read: {@link Delivery#UNKNOWN}, since Plivo answered and may have performed it.
   *
   * @param status the response's HTTP status
   */
  public TransportFailureException responseTooLarge(int status) {
    return Failures.get()
        .transportFailure(
            Delivery.UNKNOWN,
            operation()
                + " got an answer (HTTP "
                + status
                + ") larger than "
                + MAX_RESPONSE_BYTES
                + " bytes, which was not read; Plivo may have performed it",
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
