package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static dev.handoff.testkit.contract.Fixtures.U2;
import static dev.handoff.testkit.contract.Fixtures.U3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.TransferListener;
import dev.handoff.model.Credentials;
import dev.handoff.model.HandoffException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The secrets sweep: with a distinctive Auth Token, every failure a transport can meet — answers
 * echoing the token or the {@code Authorization} header, HTML pages, retries, timeouts, refused,
 * reset and cut connections, oversized answers — leaves the token (and the Base64 credentials of
 * the header) out of every exception's message and {@code toString} down the cause chain (with
 * suppressed exceptions and the printed stack trace), out of the {@code toString} of the Handoff,
 * its configuration, credentials and request, and out of every {@link TransferListener} event's
 * arguments. The same holds when a peer echoes the credentials outside the body (in the status
 * line, as the protocol, as the {@code Content-Length}) or in a form that whole-token masking
 * misses: upper-cased, or {@code base64(token)}. Each case runs in blocking and asynchronous form.
 * (Log records are not swept here: the testkit, like the library, must not touch {@code
 * java.util.logging}.)
 */
@DisplayNameGeneration(Cases.MethodNames.class)
public abstract class SecretsContract {
  private static final String TOKEN = "Sw33p-T0k3n.d1st1nct1ve_9f8e7d";
  private static final Credentials CREDENTIALS = new Credentials(Fixtures.AUTH_ID, TOKEN);
  private static final String BASIC =
      Base64.getEncoder()
          .encodeToString((Fixtures.AUTH_ID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
  private static final String UPPER_TOKEN = TOKEN.toUpperCase(Locale.ROOT);
  private static final String BASE64_TOKEN =
      Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));

  /**
   * What must never be seen: the token (in any case, see {@link #assertNothingSeenHoldsASecret}),
   * the Base64 credentials of the {@code Authorization} header and {@code base64(token)}, in both
   * alphabets, padded or not.
   */
  private static final List<String> FORMS = base64Forms();

  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, U1, U3);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  /** Long enough for any answer; a client that waits for more bytes than come fails by then. */
  private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(5);

  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Handoff> handoffs = new ArrayList<>();
  private @Nullable FakePlivoServer server;

  /** For subclasses. */
  protected SecretsContract() {}

  /**
   * A Handoff over the transport under test, configured with {@code config}; the suite closes it.
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  static List<Arguments> failuresAndForms() {
    List<Arguments> rows = new ArrayList<>();
    for (Case failure : Case.values()) {
      for (Form form : Form.values()) {
        rows.add(Arguments.of(failure, form));
      }
    }
    return rows;
  }

  /** A failure to provoke, and how. */
  enum Case {
    HTTP401_JSON_ECHOING_THE_TOKEN(
        s ->
            s.enqueue(
                ScriptedResponse.json(
                    401, "{\"api_id\": \"a1\", \"error\": \"bad auth token " + TOKEN + "\"}"))),
    HTTP401_HTML_ECHOING_THE_TOKEN(
        s ->
            s.enqueue(
                ScriptedResponse.body(
                    401,
                    "text/html",
                    "<html><body><h1>401</h1><p>token " + TOKEN + " refused</p></body></html>"))),
    HTTP400_TEXT_ECHOING_THE_HEADER(
        s ->
            s.enqueue(
                ScriptedResponse.body(
                    400, "text/plain", "rejected header Authorization: Basic " + BASIC))),
    HTTP400_JSON_ECHOING_THE_HEADER(
        s ->
            s.enqueue(
                ScriptedResponse.json(
                    400, "{\"error\": \"bad header Authorization: Basic " + BASIC + "\"}"))),
    HTTP502_HTML(
        s ->
            s.enqueue(
                ScriptedResponse.body(
                    502, "text/html", "<html><h1>502 Bad Gateway</h1>" + TOKEN + "</html>"))),
    HTTP429_RETRIED(
        s -> {
          for (int i = 0; i < 3; i++) {
            s.enqueue(
                ScriptedResponse.json(429, "{\"error\": \"slow down " + TOKEN + "\"}")
                    .withHeader("Retry-After", "0"));
          }
        }),
    NO_ANSWER(s -> s.enqueue(ScriptedResponse.noAnswer())),
    RESET_AFTER_REQUEST(s -> s.enqueue(ScriptedResponse.resetAfterRequest())),
    DISCONNECT_DURING_BODY(s -> s.enqueue(ScriptedResponse.disconnectDuringBody())),
    HUGE_BODY(s -> s.enqueue(ScriptedResponse.hugeBody(500, 2L << 20))),
    CONNECTION_REFUSED(s -> {});

    private final Consumer<FakePlivoServer> script;

    Case(Consumer<FakePlivoServer> script) {
      this.script = script;
    }
  }

  static List<Arguments> echoesAndForms() {
    List<Arguments> rows = new ArrayList<>();
    for (Echo echo : Echo.values()) {
      for (Form form : Form.values()) {
        rows.add(Arguments.of(echo, form));
      }
    }
    return rows;
  }

  /**
   * A peer that echoes the credentials outside the body, where a client quotes them in its own
   * exception (a status line it cannot parse, a {@code Content-Length} that is not a number), or in
   * a form that whole-token masking misses. Each answer is a 401 when the client reads it at all,
   * so that it fails without a retry, and closes its connection.
   */
  enum Echo {
    TOKEN_IN_THE_REASON_PHRASE("HTTP/1.1 401 bad token " + TOKEN + "\r\nContent-Length: 0\r\n\r\n"),
    HEADER_IN_THE_REASON_PHRASE(
        "HTTP/1.1 401 Authorization: Basic " + BASIC + "\r\nContent-Length: 0\r\n\r\n"),
    UPPER_CASED_TOKEN_IN_THE_REASON_PHRASE(
        "HTTP/1.1 401 " + UPPER_TOKEN + "\r\nContent-Length: 0\r\n\r\n"),
    TOKEN_RUN_INTO_THE_STATUS_CODE("HTTP/1.1 401" + TOKEN + "\r\nContent-Length: 0\r\n\r\n"),
    TOKEN_AS_THE_PROTOCOL(TOKEN + " 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
    HEADER_AS_THE_PROTOCOL(BASIC + " 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
    UPPER_CASED_TOKEN_AS_THE_PROTOCOL(
        UPPER_TOKEN + " 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
    TOKEN_AS_THE_CONTENT_LENGTH(
        "HTTP/1.1 401 Unauthorized\r\nContent-Length: " + TOKEN + "\r\n\r\n{}"),
    HEADER_AS_THE_CONTENT_LENGTH(
        "HTTP/1.1 401 Unauthorized\r\nContent-Length: Basic " + BASIC + "\r\n\r\n{}"),
    BASE64_AND_UPPER_CASED_TOKEN_IN_A_JSON_ERROR(
        RawPeer.json(
            401,
            "Unauthorized",
            "{\"api_id\": \""
                + BASE64_TOKEN
                + "\", \"error\": \"token "
                + BASE64_TOKEN
                + " is not "
                + UPPER_TOKEN
                + "\"}"));

    private final String reply;

    Echo(String reply) {
      this.reply = reply;
    }
  }

  @BeforeEach
  void start() {
    server = FakePlivoServer.start(CREDENTIALS).addNode(PHLO, NODE, U1, U2).addCall(Fixtures.CALL);
  }

  @AfterEach
  void stop() {
    try {
      for (Handoff handoff : handoffs) {
        handoff.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** The failure thrown or completed, and all the rest that was seen, are free of the token. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("failuresAndForms")
  void sweep(Case failure, Form form) throws Exception {
    FakePlivoServer plivo = server();
    failure.script.accept(plivo);
    URI base = failure == Case.CONNECTION_REFUSED ? unusedPort() : plivo.baseUrl();
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .phloBaseUrl(base)
            .voiceBaseUrl(base)
            .timeout(failure == Case.NO_ANSWER ? SHORT_TIMEOUT : TIMEOUT)
            .listener(new SeenEvents())
            .build();
    Handoff handoff = createHandoff(config);
    handoffs.add(handoff);

    Throwable thrown = failure(handoff, form);

    assertThat(thrown).isInstanceOf(HandoffException.class);
    see(thrown);
    seen.add(handoff.toString());
    seen.add(config.toString());
    seen.add(CREDENTIALS.toString());
    seen.add(WARM.toString());
    handoff.close();
    seen.add(handoff.toString());
    assertNothingSeenHoldsASecret();
  }

  /**
   * A peer echoing the credentials in the status line, a header or a Base64 or upper-cased form:
   * the failure, its causes, its stack trace and every listener event hold none of them.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("echoesAndForms")
  void echo(Echo echo, Form form) throws Exception {
    try (RawPeer peer = RawPeer.start(RawPeer.Reply.of(echo.reply).thenClose())) {
      HandoffConfig config =
          HandoffConfig.builder(CREDENTIALS)
              .phloBaseUrl(peer.baseUrl())
              .voiceBaseUrl(peer.baseUrl())
              .timeout(ECHO_TIMEOUT)
              .retryPolicy(RetryPolicy.none())
              .listener(new SeenEvents())
              .build();
      Handoff handoff = createHandoff(config);
      handoffs.add(handoff);

      Throwable thrown = failure(handoff, form);

      assertThat(thrown).isInstanceOf(HandoffException.class);
      see(thrown);
      assertThat(peer.requestCount()).as("requests the peer read").isEqualTo(1);
    }
    assertNothingSeenHoldsASecret();
  }

  private void assertNothingSeenHoldsASecret() {
    assertThat(seen).as("what was seen").isNotEmpty();
    for (String text : new ArrayList<>(seen)) {
      assertThat(text).as("seen text").doesNotContainIgnoringCase(TOKEN);
      for (String form : FORMS) {
        assertThat(text).as("seen text").doesNotContainIgnoringCase(form);
      }
    }
  }

  private static List<String> base64Forms() {
    List<String> forms = new ArrayList<>();
    for (String value : List.of(Fixtures.AUTH_ID + ":" + TOKEN, TOKEN)) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        forms.add(encoder.withoutPadding().encodeToString(bytes));
      }
    }
    return forms;
  }

  private static Throwable failure(Handoff handoff, Form form) throws InterruptedException {
    if (form == Form.BLOCKING) {
      try {
        throw new AssertionError("expected a failure, got " + handoff.warmTransfer(WARM));
      } catch (RuntimeException e) {
        return e;
      }
    }
    CompletableFuture<?> future = handoff.warmTransferAsync(WARM);
    try {
      throw new AssertionError("expected a failure, got " + future.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the asynchronous call never completed", e);
    }
  }

  /** Records a throwable's messages, {@code toString}s and printed stack trace, causes included. */
  private void see(@Nullable Throwable failure) {
    if (failure == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    seen.add(trace.toString());
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      seen.add(String.valueOf(t.getMessage()));
      seen.add(String.valueOf(t.getLocalizedMessage()));
      seen.add(t.toString());
      for (Throwable suppressed : t.getSuppressed()) {
        seen.add(suppressed.toString());
      }
    }
  }

  private FakePlivoServer server() {
    if (server == null) {
      throw new IllegalStateException("no server: @BeforeEach did not run");
    }
    return server;
  }

  private static URI unusedPort() {
    return URI.create("http://127.0.0.1:" + Fixtures.refusingPort());
  }

  /** Keeps the {@code toString} of every argument of every event. */
  private final class SeenEvents implements TransferListener {
    @Override
    public void operationStarted(PlivoRequest request) {
      seen.add(request.toString());
    }

    @Override
    public void attemptStarted(PlivoRequest request, int attempt) {
      seen.add(request.toString());
    }

    @Override
    public void responseReceived(PlivoRequest request, int attempt, int status) {
      seen.add(request.toString());
    }

    @Override
    public void attemptFailed(PlivoRequest request, int attempt, HandoffException failure) {
      seen.add(request.toString());
      see(failure);
    }

    @Override
    public void retryScheduled(
        PlivoRequest request, int attempt, Duration delay, HandoffException reason) {
      seen.add(request.toString());
      seen.add(delay.toString());
      see(reason);
    }

    @Override
    public void operationSucceeded(
        PlivoRequest request, int attempts, Duration elapsed, @Nullable String apiId) {
      seen.add(request.toString());
      seen.add(String.valueOf(apiId));
    }

    @Override
    public void operationFailed(
        PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
      seen.add(request.toString());
      see(failure);
    }
  }
}
