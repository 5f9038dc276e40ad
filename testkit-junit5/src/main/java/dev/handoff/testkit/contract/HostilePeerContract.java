package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.BASIC_AUTH;
import static dev.handoff.testkit.contract.Fixtures.NODE_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.TransferListener;
import dev.handoff.model.Delivery;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-peer contract: what a server or proxy that breaks HTTP on purpose may not get through
 * a transport, played by a {@link RawPeer} on {@code 127.0.0.1} that answers with bytes no
 * well-behaved server (nor MockWebServer) sends. Every operation, in blocking and asynchronous
 * form, under the default {@link dev.handoff.RetryPolicy}:
 *
 * <ul>
 *   <li><b>Interim answers</b> ({@code 100}, {@code 102}, {@code 103}, any other {@code 1xx} but
 *       {@code 101}, several in a row) are skipped: the operation gets its final answer, and the
 *       next operation its own. A {@code 101 Switching Protocols} to a request that asked for no
 *       upgrade is no answer: the attempt fails {@link Delivery#UNKNOWN} and its connection is
 *       closed, so the bytes after it reach no operation.
 *   <li><b>Bytes nobody asked for</b> (an extra response after each real one) reach no operation: a
 *       connection holding them is discarded, not reused.
 *   <li><b>The TLS handshake</b> is part of connecting: against a server that accepts TCP and never
 *       answers the ClientHello, each attempt fails within about {@code connectTimeout} as {@link
 *       Delivery#NOT_SENT} and is retried, well before the operation's deadline.
 *   <li><b>One rule per ambiguous answer</b>, the same for every transport (the rules are spelled
 *       out in {@link dev.handoff.spi.Wire}'s documentation and {@code docs/transports.md}): JSON
 *       text is RFC 8259's, strictly; a {@code Retry-After} given twice is ignored; a {@code 407}
 *       is an answer like any other; a {@code Content-Length} given twice, as a list or not as
 *       digits makes the answer unusable; a body is never decoded (every request says {@code
 *       Accept-Encoding: identity}); the base URL's path is sent percent-encoded, dot segments
 *       removed; and the request head is exactly the one {@code Wire} describes, header names as it
 *       spells them, in its order, nothing added.
 *   <li><b>Cancelled operations cost nothing more</b>: one cancelled while its request waits for a
 *       connection is never written; cancelling one in flight (or interrupting its blocking caller)
 *       closes its connection at once.
 *   <li><b>No body over 1 MiB is read</b>: one whose {@code Content-Length} announces more is
 *       refused on its head, a chunked one is cut at the limit, and either way its connection is
 *       closed before the peer could write the rest.
 * </ul>
 *
 * In the cancellation and over-size cases nothing may be logged either.
 *
 * <p>A transport's test extends it in a few lines:
 *
 * <pre>{@code
 * class RetrofitHostilePeerContractTest extends HostilePeerContract {
 *   @Override protected Handoff createHandoff(HandoffConfig config) {
 *     return RetrofitHandoff.create(config);
 *   }
 *   @Override protected String transportName() { return "retrofit"; }
 * }
 * }</pre>
 */
@DisplayNameGeneration(Cases.MethodNames.class)
public abstract class HostilePeerContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** For answers a wrong transport would wait on for bytes that never come. */
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

  /**
   * The deadline of the operations the cancellation cases cancel: longer than {@link #FILL_BOUND}
   * and {@link #CLOSE_BOUND} together, so that no deadline ends an exchange that the case holds or
   * closes a connection that a cancellation should have.
   */
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(120);

  /** A generous bound on opening {@link #exchangesAtOnce()} exchanges and answering them. */
  private static final Duration FILL_BOUND = Duration.ofSeconds(60);

  /** A generous bound on a connection's closing, on the peer's reading requests, and the like. */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(15);

  /** The over-size cases' body: 32 MiB, far more than the 1 MiB limit and any socket buffers. */
  private static final long OVERSIZE = 32L * 1024 * 1024;

  /** A generous bound on three handshake timeouts and the backoff between them. */
  private static final Duration HANDSHAKE_BOUND = Duration.ofSeconds(5);

  private static final String API_ID = "a1a1a1a1-0000-4000-8000-000000000001";
  private static final String NEXT_API_ID = "b2b2b2b2-0000-4000-8000-000000000002";
  private static final String STRAY_API_ID = "5742a700-0000-4000-8000-0000000000ff";

  private final List<Handoff> handoffs = new ArrayList<>();
  private final List<RawPeer> peers = new ArrayList<>();

  /**
   * What the cancellation and over-size cases logged, from their start to the last close: nothing
   * may be (as {@link BehaviourContract} holds its cases to). A cancelled request that Vert.x
   * resets unwritten, or a connection closed under a body, is what an HTTP client logs when nobody
   * handles the failure.
   */
  private final BehaviourContract.LogRecorder logs = new BehaviourContract.LogRecorder();

  private boolean recordingLogs;

  /** For subclasses. */
  protected HostilePeerContract() {}

  /**
   * A Handoff over the transport under test, configured with {@code config}; the suite closes it.
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  /** The transport's short name, as its {@code User-Agent} carries it. */
  protected abstract String transportName();

  /**
   * A capability flag: whether the transport controls its request head completely, so that it can
   * send exactly the head {@link dev.handoff.spi.Wire} describes (its header names and order, its
   * {@code Host}, no header of the client's own). True by default: Retrofit and Vert.x must. A
   * transport whose HTTP client adds headers or forbids setting {@code Host} returns false, and the
   * head case is skipped, visibly.
   */
  protected boolean controlsTheRequestHead() {
    return true;
  }

  /**
   * A capability flag: whether the transport discards a connection that holds bytes nobody asked
   * for. True by default: Retrofit and Vert.x must. A transport whose HTTP client instead drops
   * such bytes and reuses the connection returns false; the stray-answer case then still holds it
   * to every operation getting the answer to its own request, and skips only the count of
   * connections.
   */
  protected boolean discardsConnectionsHoldingStrayBytes() {
    return true;
  }

  /**
   * How many exchanges the transport runs at once; those beyond wait for one to end (for a
   * connection). 256 by default, as Retrofit's dispatcher, Vert.x's pool and the JDK transport's
   * limit allow; the case that cancels an operation waiting for a connection fills them all.
   */
  protected int exchangesAtOnce() {
    return 256;
  }

  /**
   * A capability flag: whether the transport's HTTP client sends {@code Content-Length: 0} with a
   * request that has no body (a {@code GET}), which {@link dev.handoff.spi.Wire} does not describe
   * and no setting turns off (the JDK's {@code HttpClient} before Java 19, JDK-8283544). False by
   * default: Retrofit and Vert.x must not, and then the header-lines case allows no such line.
   */
  protected boolean sendsContentLengthWithoutABody() {
    return false;
  }

  static List<Arguments> operationsAndForms() {
    return Cases.operationsAndForms();
  }

  static List<Operation> operations() {
    return Operation.all();
  }

  @AfterEach
  void closeAll() {
    try {
      for (Handoff handoff : handoffs) {
        handoff.close();
      }
    } finally {
      try {
        for (RawPeer peer : peers) {
          peer.close();
        }
      } finally {
        if (recordingLogs) {
          logs.stop();
        }
      }
    }
    if (recordingLogs) {
      assertThat(logs.records()).as("log records written during the case").isEmpty();
    }
  }

  /** Records what the case logs, for {@link #closeAll()} to find nothing. */
  private void recordLogs() {
    logs.start();
    recordingLogs = true;
  }

  // ---- D1: interim answers ----

  /** The interim answers a server may send before the final one. */
  enum Interim {
    PROCESSING("HTTP/1.1 102 Processing\r\n\r\n"),
    CONTINUE_UNASKED("HTTP/1.1 100 Continue\r\n\r\n"),
    EARLY_HINTS("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"),
    UNKNOWN_1XX("HTTP/1.1 199 Whatever\r\nX-Progress: 50%\r\n\r\n"),
    PROCESSING_TWICE("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n");

    final String bytes;

    Interim(String bytes) {
      this.bytes = bytes;
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static List<Arguments> operationsFormsAndInterims() {
    return crossed(Interim.values());
  }

  /**
   * Interim answers before the final one are skipped: the operation gets its own final answer in
   * one request, and the next operation on the same peer gets its own.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsFormsAndInterims")
  void interimAnswersAreSkipped(Operation operation, Form form, Interim interim) {
    RawPeer peer =
        peer(
            RawPeer.Reply.of(interim.bytes + answer(operation, API_ID)),
            RawPeer.Reply.of(answer(operation, NEXT_API_ID)));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    assertThat(succeed(operation, form, handoff))
        .as("the final answer, after the interim ones")
        .isEqualTo(operation.expectedResult(API_ID));
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    assertThat(succeed(operation, form, handoff))
        .as("the next operation's own answer")
        .isEqualTo(operation.expectedResult(NEXT_API_ID));
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(2);
  }

  /**
   * A {@code 101 Switching Protocols} to a request that asked for no upgrade is no answer: {@code
   * TransportFailureException} ({@code UNKNOWN}), not retried; the answer behind it reaches no
   * operation, since the connection is closed.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void switchingProtocolsIsNoAnswer(Operation operation, Form form) {
    RawPeer peer =
        peer(
            RawPeer.Reply.of(
                "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
                    + answer(operation, API_ID)),
            RawPeer.Reply.of(answer(operation, NEXT_API_ID)));
    Handoff handoff = handoff(peer.baseUrl(), SHORT_TIMEOUT);

    if (operation.isRead()) {
      // A read is sent again: its second attempt gets its own answer.
      assertThat(succeed(operation, form, handoff))
          .isEqualTo(operation.expectedResult(NEXT_API_ID));
      assertThat(peer.requestCount()).as("requests sent").isEqualTo(2);
      return;
    }
    Throwable e = failure(operation, form, handoff);

    assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    assertThat(succeed(operation, form, handoff))
        .as("the next operation's own answer, not the one behind the 101")
        .isEqualTo(operation.expectedResult(NEXT_API_ID));
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(2);
  }

  // ---- D3: bytes nobody asked for ----

  /**
   * A peer that writes an extra answer after each real one: every operation gets the answer to its
   * own request, and each request goes on a fresh connection, since a connection holding bytes
   * nobody asked for is discarded.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void strayAnswersReachNoOperation(Operation operation, Form form) {
    String stray = answer(operation, STRAY_API_ID);
    List<String> apiIds = List.of(API_ID, NEXT_API_ID, "c3c3c3c3-0000-4000-8000-000000000003");
    RawPeer peer =
        peer(
            apiIds.stream()
                .map(apiId -> RawPeer.Reply.of(answer(operation, apiId)).followedBy(stray))
                .toArray(RawPeer.Reply[]::new));
    AtomicInteger attempts = new AtomicInteger();
    Handoff handoff =
        register(
            createHandoff(
                Fixtures.config(peer.baseUrl(), TIMEOUT).toBuilder()
                    .listener(countingAttempts(attempts))
                    .build()));

    for (int i = 0; i < apiIds.size(); i++) {
      assertThat(succeed(operation, form, handoff))
          .as("operation %d gets the answer to its own request", i + 1)
          .isEqualTo(operation.expectedResult(apiIds.get(i)));
    }
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(apiIds.size());
    assertThat(attempts.get())
        .as("attempts: the dirty connection is dropped before use, not failed on")
        .isEqualTo(apiIds.size());
    if (discardsConnectionsHoldingStrayBytes()) {
      assertThat(peer.connectionCount())
          .as("connections: none reused while it held a stray answer")
          .isEqualTo(apiIds.size());
    }
  }

  // ---- D7: the TLS handshake is part of connecting ----

  /**
   * A TLS server that accepts TCP and never answers the ClientHello: each attempt fails within
   * about {@code connectTimeout} (300 ms here) as {@code NOT_SENT}, is retried, and the operation
   * fails after the policy's three attempts, well before its 10 s deadline.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void connectTimeoutBoundsTheTlsHandshake(Operation operation, Form form) {
    RawPeer peer = peer(RawPeer.silent());
    AtomicInteger attempts = new AtomicInteger();
    HandoffConfig config =
        Fixtures.config(peer.httpsBaseUrl(), Duration.ofSeconds(10)).toBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .listener(countingAttempts(attempts))
            .build();
    Handoff handoff = register(createHandoff(config));

    long start = System.nanoTime();
    Throwable e = failure(operation, form, handoff);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) e).delivery())
        .as("delivery: no byte of the request left")
        .isEqualTo(Delivery.NOT_SENT);
    assertThat(attempts.get()).as("attempts").isEqualTo(3);
    assertThat(peer.connectionCount()).as("connections (one per attempt)").isEqualTo(3);
    assertThat(elapsed)
        .as("time to fail: three handshake timeouts and backoff, not the deadline")
        .isLessThan(HANDSHAKE_BOUND);
  }

  // ---- D9: one rule per ambiguous answer ----

  /** Bodies that some JSON parsers accept and RFC 8259 does not. */
  enum JsonText {
    /** A raw U+0001 in a string. */
    RAW_CONTROL_CHARACTER("\"note\": \"a\u0001b\", ", false, false),
    /** A raw tab in a string. */
    RAW_TAB("\"note\": \"a\tb\", ", false, false),
    /** A raw line feed in a string. */
    RAW_LINE_FEED("\"note\": \"a\nb\", ", false, false),
    /** A UTF-8 byte order mark before the object. */
    BYTE_ORDER_MARK("", true, false),
    /** A string holding bytes that are not UTF-8 ({@code C3 28}). */
    INVALID_UTF8("\"note\": \"a\u00c3(b\", ", false, false),
    /** 33 levels of nesting, the top-level object counted: one more than the rule allows. */
    NESTED_33_DEEP("\"x\": " + "[".repeat(32) + "]".repeat(32) + ", ", false, false),
    /** 32 levels of nesting: as deep as the rule allows, so JSON. */
    NESTED_32_DEEP("\"x\": " + "[".repeat(31) + "]".repeat(31) + ", ", false, true);

    /** A member inserted first into the operation's success body, as ISO-8859-1 bytes. */
    final String member;

    final boolean byteOrderMark;

    /** Whether the body is JSON under the rule (so the answer reads normally). */
    final boolean isJson;

    JsonText(String member, boolean byteOrderMark, boolean isJson) {
      this.member = member;
      this.byteOrderMark = byteOrderMark;
      this.isJson = isJson;
    }

    byte[] body(Operation operation) {
      String body = operation.successBody(API_ID);
      byte[] member = this.member.getBytes(StandardCharsets.ISO_8859_1);
      byte[] rest = body.substring(1).getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (byteOrderMark) {
        out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
      }
      out.write('{');
      out.writeBytes(member);
      out.writeBytes(rest);
      return out.toByteArray();
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static List<Arguments> operationsFormsAndJsonTexts() {
    return crossed(JsonText.values());
  }

  /**
   * A body is JSON only as RFC 8259 writes it, strictly: no raw control character in a string, no
   * byte order mark, UTF-8 only, at most 32 levels deep. Anything else is text: a 2xx then gives a
   * receipt without {@code api_id} (for a node read, {@code UNKNOWN}), on every transport alike.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsFormsAndJsonTexts")
  void jsonIsStrictRfc8259(Operation operation, Form form, JsonText text) {
    byte[] body = text.body(operation);
    RawPeer peer =
        peer(
            RawPeer.response(
                operation.successStatus(),
                reason(operation.successStatus()),
                List.of("Content-Type: application/json", "Content-Length: " + body.length),
                body));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    if (text.isJson) {
      assertThat(succeed(operation, form, handoff)).isEqualTo(operation.expectedResult(API_ID));
    } else {
      assertUnreadableSuccess(operation, form, handoff);
    }
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
  }

  /** Two {@code Retry-After} field lines, in both orders and alike. */
  enum RetryAfterTwice {
    ZERO_THEN_120("0", "120"),
    ONE_TWENTY_THEN_ZERO("120", "0"),
    ZERO_TWICE("0", "0");

    final String first;
    final String second;

    RetryAfterTwice(String first, String second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public String toString() {
      return first + ", " + second;
    }
  }

  static List<Arguments> operationsFormsAndRetryAfters() {
    return crossed(RetryAfterTwice.values());
  }

  /**
   * A 503 with {@code Retry-After} given twice has none (the header admits one value; neither the
   * first nor the last is trusted): {@code PlivoUnavailableException} without a delay, and so not
   * retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsFormsAndRetryAfters")
  void retryAfterGivenTwiceIsIgnored(Operation operation, Form form, RetryAfterTwice twice) {
    byte[] body =
        ("{\"api_id\": \"" + API_ID + "\", \"error\": \"busy\"}").getBytes(StandardCharsets.UTF_8);
    RawPeer.Reply busy =
        RawPeer.response(
            503,
            "Service Unavailable",
            List.of(
                "Content-Type: application/json",
                "Retry-After: " + twice.first,
                "Retry-After: " + twice.second,
                "Content-Length: " + body.length),
            body);
    RawPeer peer = peer(busy, busy, busy, busy);
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    Throwable e = failure(operation, form, handoff);

    assertThat(e).isExactlyInstanceOf(PlivoUnavailableException.class);
    assertThat(((PlivoUnavailableException) e).retryAfter()).as("Retry-After").isNull();
    // A transfer is not retried without a trusted Retry-After; a read is retried on any 5xx.
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(operation.isRead() ? 3 : 1);
  }

  /**
   * A {@code 407 Proxy Authentication Required} is an answer like any other 4xx: {@code
   * RejectedException} with status 407 (the proxy did not forward the request), one request, no
   * proxy authentication tried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http407IsAnAnswer(Operation operation, Form form) {
    byte[] page =
        "<html><body><h1>407 Proxy Authentication Required</h1></body></html>"
            .getBytes(StandardCharsets.UTF_8);
    RawPeer peer =
        peer(
            RawPeer.response(
                407,
                "Proxy Authentication Required",
                List.of(
                    "Proxy-Authenticate: Basic realm=\"proxy\"",
                    "Content-Type: text/html",
                    "Content-Length: " + page.length),
                page));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    Throwable e = failure(operation, form, handoff);

    assertThat(e).isExactlyInstanceOf(RejectedException.class);
    RejectedException rejected = (RejectedException) e;
    assertThat(rejected.status()).as("status").isEqualTo(407);
    assertThat(rejected.plivoError()).as("Plivo's error text").isNull();
    assertThat(rejected.getMessage()).contains("407 Proxy Authentication Required");
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
  }

  /** {@code Content-Length} fields that frame no body unambiguously. */
  enum ContentLength {
    TWICE_ALIKE,
    CONFLICTING,
    AS_A_LIST,
    SIGNED;

    List<String> headers(int length) {
      return switch (this) {
        case TWICE_ALIKE -> List.of("Content-Length: " + length, "Content-Length: " + length);
        case CONFLICTING ->
            List.of("Content-Length: " + length, "Content-Length: " + (length + 10));
        case AS_A_LIST -> List.of("Content-Length: " + length + ", " + length);
        case SIGNED -> List.of("Content-Length: +" + length);
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static List<Arguments> operationsFormsAndContentLengths() {
    return crossed(ContentLength.values());
  }

  /**
   * An answer whose {@code Content-Length} is given twice (even alike), as a list, or not as plain
   * digits has no trustworthy end: {@code TransportFailureException} ({@code UNKNOWN}, Plivo may
   * have performed it), not retried, and its connection is closed, so the next operation gets its
   * own answer.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsFormsAndContentLengths")
  void ambiguousContentLengthMakesTheAnswerUnusable(
      Operation operation, Form form, ContentLength contentLength) {
    byte[] body = operation.successBody(API_ID).getBytes(StandardCharsets.UTF_8);
    List<String> headers = new ArrayList<>();
    headers.add("Content-Type: application/json");
    headers.addAll(contentLength.headers(body.length));
    RawPeer peer =
        peer(
            RawPeer.response(
                operation.successStatus(), reason(operation.successStatus()), headers, body),
            RawPeer.Reply.of(answer(operation, NEXT_API_ID)));
    Handoff handoff = handoff(peer.baseUrl(), SHORT_TIMEOUT);

    if (operation.isRead()) {
      // A read is sent again: its second attempt gets its own answer.
      assertThat(succeed(operation, form, handoff))
          .isEqualTo(operation.expectedResult(NEXT_API_ID));
      assertThat(peer.requestCount()).as("requests sent").isEqualTo(2);
      return;
    }
    Throwable e = failure(operation, form, handoff);

    assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    assertThat(succeed(operation, form, handoff))
        .as("the next operation's own answer")
        .isEqualTo(operation.expectedResult(NEXT_API_ID));
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(2);
  }

  /**
   * A gzip-encoded body, sent though the request asked for {@code identity}: not decoded by any
   * transport, so not JSON; a 2xx gives a receipt without {@code api_id} (for a node read, {@code
   * UNKNOWN}).
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void encodedBodyIsNotDecoded(Operation operation, Form form) {
    byte[] body = gzip(operation.successBody(API_ID).getBytes(StandardCharsets.UTF_8));
    RawPeer peer =
        peer(
            RawPeer.response(
                operation.successStatus(),
                reason(operation.successStatus()),
                List.of(
                    "Content-Type: application/json",
                    "Content-Encoding: gzip",
                    "Content-Length: " + body.length),
                body));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    assertUnreadableSuccess(operation, form, handoff);
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
  }

  /** Base-URL paths with characters to encode or dot segments to remove, and what is sent. */
  enum BasePath {
    NON_ASCII("/pr\u00fcfung/\u00fc", "/pr%C3%BCfung/%C3%BC"),
    NON_ASCII_BESIDE_AN_ESCAPE("/\u00e4%C3%A4/%7euser", "/%C3%A4%C3%A4/%7euser"),
    OUTSIDE_THE_BMP("/\ud83d\ude00", "/%F0%9F%98%80"),
    DOT_SEGMENTS("/a/./b/../c/%2e%2E/d", "/a/d"),
    TRAILING_DOT_DOT("/a/b/..", "/a"),
    ABOVE_THE_ROOT("/../x/.", "/x");

    final String path;
    final String sent;

    BasePath(String path, String sent) {
      this.path = path;
      this.sent = sent;
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static List<Arguments> basePathsAndForms() {
    List<Arguments> rows = new ArrayList<>();
    for (BasePath path : BasePath.values()) {
      for (Form form : Form.values()) {
        rows.add(Arguments.of(path, form));
      }
    }
    return rows;
  }

  /**
   * The base URL's path goes on the wire in one canonical form: each character that is not ASCII as
   * the percent-encoded bytes of its UTF-8 form (escapes already there kept as they are), and dot
   * segments ({@code .} and {@code ..}, percent-encoded or not) removed as RFC 3986 §5.2.4 does.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("basePathsAndForms")
  void basePathIsSentInCanonicalForm(BasePath basePath, Form form) {
    Operation warm = Operation.all().get(0);
    RawPeer peer = peer(RawPeer.Reply.of(answer(warm, API_ID)));
    Handoff handoff = handoff(URI.create(peer.baseUrl() + basePath.path), TIMEOUT);

    assertThat(succeed(warm, form, handoff)).isEqualTo(warm.expectedResult(API_ID));

    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    assertThat(requestLine(peer.requestHeads().get(0)))
        .as("request line")
        .isEqualTo("POST " + basePath.sent + NODE_PATH + " HTTP/1.1");
  }

  /**
   * The request head is exactly the one {@code Wire} describes: {@code Host}, {@code
   * Authorization}, {@code User-Agent}, {@code Accept-Encoding: identity}, then {@code
   * Content-Type} and {@code Content-Length} for a request with a body; names spelled so, in that
   * order, and no other header (no {@code Connection}, no {@code Accept-Encoding: gzip}).
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void requestHeadIsExactlyWiresHead(Operation operation, Form form) {
    assumeTrue(
        controlsTheRequestHead(), "the transport's HTTP client adds headers of its own to a head");
    RawPeer peer = peer(RawPeer.Reply.of(answer(operation, API_ID)));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    assertThat(succeed(operation, form, handoff)).isEqualTo(operation.expectedResult(API_ID));

    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    String head = peer.requestHeads().get(0);
    byte[] body = peer.requestBodies().get(0);
    List<String> lines = List.of(head.split("\r\n", -1));
    boolean hasBody = !operation.isRead();
    assertThat(lines.get(0))
        .as("request line")
        .matches((hasBody ? "POST" : "GET") + " /\\S+ HTTP/1\\.1");
    List<String> expected = new ArrayList<>();
    expected.add("Host: 127.0.0.1:" + peer.baseUrl().getPort());
    expected.add("Authorization: " + BASIC_AUTH);
    expected.add(
        "User-Agent: handoff-java/"
            + Handoff.version()
            + " ("
            + transportName()
            + "; Java "
            + System.getProperty("java.version")
            + ")");
    expected.add("Accept-Encoding: identity");
    if (hasBody) {
      expected.add("Content-Type: application/json");
      expected.add("Content-Length: " + body.length);
    }
    assertThat(lines.subList(1, lines.size())).as("header lines, in order").isEqualTo(expected);
    assertThat(body.length > 0).as("a body sent").isEqualTo(hasBody);
  }

  /**
   * Whatever the order its client writes them in, the request head holds exactly {@code Wire}'s
   * header lines, byte for byte, and no other: run on every transport, also those whose client
   * chooses the order ({@link #controlsTheRequestHead()} false), which the exact-head case skips.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void requestHeaderLinesAreWiresInSomeOrder(Operation operation, Form form) {
    RawPeer peer = peer(RawPeer.Reply.of(answer(operation, API_ID)));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    assertThat(succeed(operation, form, handoff)).isEqualTo(operation.expectedResult(API_ID));

    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    List<String> lines = List.of(peer.requestHeads().get(0).split("\r\n", -1));
    byte[] body = peer.requestBodies().get(0);
    boolean hasBody = !operation.isRead();
    List<String> expected = new ArrayList<>();
    expected.add("Host: 127.0.0.1:" + peer.baseUrl().getPort());
    expected.add("Authorization: " + BASIC_AUTH);
    expected.add(
        "User-Agent: handoff-java/"
            + Handoff.version()
            + " ("
            + transportName()
            + "; Java "
            + System.getProperty("java.version")
            + ")");
    expected.add("Accept-Encoding: identity");
    if (hasBody) {
      expected.add("Content-Type: application/json");
      expected.add("Content-Length: " + body.length);
    } else if (sendsContentLengthWithoutABody()) {
      expected.add("Content-Length: 0");
    }
    assertThat(lines.subList(1, lines.size()))
        .as("header lines, in any order")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  // ---- cancelled operations and over-size bodies ----

  /**
   * A future cancelled while its request waits for a connection (the transport's {@link
   * #exchangesAtOnce()} exchanges all in flight, held unanswered by the peer) is never written:
   * once the held ones are answered, the next operation gets its own answer, and the peer read no
   * request but theirs and its.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operations")
  void cancelledWhileWaitingForAConnectionIsNeverSent(Operation operation) throws Exception {
    recordLogs();
    int atOnce = exchangesAtOnce();
    List<RawPeer.Reply> script = new ArrayList<>();
    for (int i = 0; i < atOnce; i++) {
      script.add(RawPeer.Reply.of(answer(operation, API_ID)).gated());
    }
    script.add(RawPeer.Reply.of(answer(operation, NEXT_API_ID)));
    RawPeer peer = peer(script.toArray(RawPeer.Reply[]::new));
    CountDownLatch started = new CountDownLatch(atOnce + 1);
    Handoff handoff =
        register(
            createHandoff(
                Fixtures.config(peer.baseUrl(), CANCEL_TIMEOUT).toBuilder()
                    .listener(
                        new TransferListener() {
                          @Override
                          public void attemptStarted(PlivoRequest request, int attempt) {
                            started.countDown();
                          }
                        })
                    .build()));
    List<CompletableFuture<?>> holding = new ArrayList<>();
    for (int i = 0; i < atOnce; i++) {
      holding.add(operation.callAsync(handoff));
    }
    peer.awaitRequests(atOnce, FILL_BOUND);

    CompletableFuture<?> cancelled = operation.callAsync(handoff);
    assertThat(started.await(FILL_BOUND.toMillis(), TimeUnit.MILLISECONDS))
        .as("the cancelled operation's attempt started")
        .isTrue();
    assertThat(cancelled.cancel(true)).as("cancelled before it completed").isTrue();
    peer.release();

    for (CompletableFuture<?> held : holding) {
      assertThat(held.get(FILL_BOUND.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo(operation.expectedResult(API_ID));
    }
    assertThat(succeed(operation, Form.ASYNC, handoff))
        .as("the next operation's own answer")
        .isEqualTo(operation.expectedResult(NEXT_API_ID));
    assertThat(peer.requestCount())
        .as("requests written: the held ones and the next operation's, not the cancelled one")
        .isEqualTo(atOnce + 1);
  }

  /**
   * An exchange in flight, its request written and no answer come, is aborted: cancelling the
   * asynchronous form's future ({@code cancel(true)}), or interrupting the thread blocked in the
   * blocking form, closes its connection at the peer within a generous bound (long before the
   * operation's deadline), and it is not sent again. The interrupted caller gets {@code
   * TransportFailureException} ({@code UNKNOWN}) and keeps its interrupt.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void cancellingAnExchangeInFlightClosesItsConnection(Operation operation, Form form)
      throws Exception {
    recordLogs();
    RawPeer peer = peer(RawPeer.Reply.hold());
    Handoff handoff = handoff(peer.baseUrl(), CANCEL_TIMEOUT);

    if (form == Form.ASYNC) {
      CompletableFuture<?> future = operation.callAsync(handoff);
      peer.awaitRequests(1, CLOSE_BOUND);

      assertThat(future.cancel(true)).as("cancelled before it completed").isTrue();

      peer.awaitClosedByClient(0, CLOSE_BOUND);
      assertThat(future).isCancelled();
    } else {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  Object result = operation.callBlocking(handoff);
                  thrown.complete(new AssertionError("expected a failure, got " + result));
                } catch (Throwable t) {
                  stillInterrupted.complete(Thread.currentThread().isInterrupted());
                  thrown.complete(t);
                }
              },
              "blocking-caller");
      caller.setDaemon(true);
      caller.start();
      peer.awaitRequests(1, CLOSE_BOUND);

      caller.interrupt();

      peer.awaitClosedByClient(0, CLOSE_BOUND);
      Throwable e = thrown.get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
      assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.UNKNOWN);
      assertThat(stillInterrupted.get()).as("the caller keeps its interrupt").isTrue();
    }
    assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
  }

  /** The answer's status in the over-size cases: the operation's success, or a server error. */
  enum Answer {
    SUCCESS,
    SERVER_ERROR;

    int status(Operation operation) {
      return this == SUCCESS ? operation.successStatus() : 500;
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static List<Arguments> operationsFormsAndAnswers() {
    return crossed(Answer.values());
  }

  /**
   * An answer whose {@code Content-Length} announces more than 1 MiB (32 MiB here, which the peer
   * writes as fast as the client reads) is refused on its head, before its body is read: the peer
   * sees the connection closed before it has written the body. A 2xx to a write is still Plivo's
   * acceptance (a receipt saying the body was not read); to a read, or a 5xx to a write, it is
   * {@code TransportFailureException} ({@code UNKNOWN}); a 5xx to a read is sent again.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsFormsAndAnswers")
  void bodyAnnouncedOverOneMebibyteIsRefusedUnread(Operation operation, Form form, Answer answer) {
    int status = answer.status(operation);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason(status)
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + OVERSIZE
            + "\r\n\r\n";
    overSizeBody(operation, form, answer, RawPeer.Reply.streamed(head, OVERSIZE, false));
  }

  /**
   * An answer with a chunked body that grows past 1 MiB (32 MiB offered, as fast as the client
   * reads) is cut at the limit: the peer sees the connection closed before it has written the body.
   * The outcome is the announced case's.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsFormsAndAnswers")
  void chunkedBodyOverOneMebibyteIsCutAtTheLimit(Operation operation, Form form, Answer answer) {
    int status = answer.status(operation);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason(status)
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    overSizeBody(operation, form, answer, RawPeer.Reply.streamed(head, OVERSIZE, true));
  }

  private void overSizeBody(Operation operation, Form form, Answer answer, RawPeer.Reply huge) {
    recordLogs();
    RawPeer peer = peer(huge, RawPeer.Reply.of(answer(operation, NEXT_API_ID)));
    Handoff handoff = handoff(peer.baseUrl(), TIMEOUT);

    if (operation.isRead() && answer == Answer.SERVER_ERROR) {
      assertThat(succeed(operation, form, handoff))
          .as("the read sent again gets its own answer")
          .isEqualTo(operation.expectedResult(NEXT_API_ID));
      assertThat(peer.requestCount()).as("requests sent").isEqualTo(2);
    } else if (operation.isRead() || answer == Answer.SERVER_ERROR) {
      Throwable e = failure(operation, form, handoff);
      assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
      assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.UNKNOWN);
      assertThat(e.getMessage()).contains("larger than 1048576 bytes");
      assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    } else {
      assertThat(succeed(operation, form, handoff))
          .isEqualTo(operation.unreadReceipt("the body is larger than 1048576 bytes"));
      assertThat(peer.requestCount()).as("requests sent").isEqualTo(1);
    }
    peer.awaitClosedByClient(0, CLOSE_BOUND);
    assertThat(peer.bodyBytesWritten(0))
        .as("body bytes the peer wrote before the client closed the connection")
        .isLessThan(OVERSIZE);
  }

  // ---- helpers ----

  private static <T> List<Arguments> crossed(T[] values) {
    List<Arguments> rows = new ArrayList<>();
    for (Operation operation : Operation.all()) {
      for (Form form : Form.values()) {
        for (T value : values) {
          rows.add(Arguments.of(operation, form, value));
        }
      }
    }
    return rows;
  }

  private static TransferListener countingAttempts(AtomicInteger attempts) {
    return new TransferListener() {
      @Override
      public void attemptStarted(PlivoRequest request, int attempt) {
        attempts.incrementAndGet();
      }
    };
  }

  private RawPeer peer(RawPeer.Reply... replies) {
    return peer(RawPeer.start(replies));
  }

  private RawPeer peer(RawPeer peer) {
    peers.add(peer);
    return peer;
  }

  private Handoff handoff(URI baseUrl, Duration timeout) {
    return register(createHandoff(Fixtures.config(baseUrl, timeout)));
  }

  private Handoff register(Handoff handoff) {
    handoffs.add(handoff);
    return handoff;
  }

  /** Plivo's success answer for {@code operation}, carrying {@code apiId}, as raw HTTP. */
  private static String answer(Operation operation, String apiId) {
    int status = operation.successStatus();
    return RawPeer.json(status, reason(status), operation.successBody(apiId));
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      default -> "Status";
    };
  }

  private static String requestLine(String head) {
    int end = head.indexOf("\r\n");
    return end < 0 ? head : head.substring(0, end);
  }

  /**
   * A 2xx that reads as no Plivo answer: the request was performed, so a receipt without {@code
   * api_id}; a node read has nothing to return, so {@code UNKNOWN}.
   */
  private static void assertUnreadableSuccess(Operation operation, Form form, Handoff handoff) {
    if (operation.isRead()) {
      Throwable e = failure(operation, form, handoff);
      assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
      assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.UNKNOWN);
    } else {
      assertThat(succeed(operation, form, handoff))
          .as("a receipt without api_id")
          .isEqualTo(operation.unreadReceipt("the body is not a JSON object"));
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] compressed = out.toByteArray();
    if (Arrays.equals(compressed, bytes)) {
      throw new IllegalStateException("gzip changed nothing");
    }
    return compressed;
  }

  private static Object succeed(Operation operation, Form form, Handoff handoff) {
    if (form == Form.BLOCKING) {
      return operation.callBlocking(handoff);
    }
    try {
      return operation.callAsync(handoff).get(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the asynchronous call never completed", e);
    }
  }

  /**
   * What the operation failed with: thrown as is by the blocking form, the cause of the future's
   * failure in the asynchronous form.
   */
  private static Throwable failure(Operation operation, Form form, Handoff handoff) {
    return operation.failure(form, handoff, TIMEOUT.plus(Duration.ofSeconds(30)));
  }
}
