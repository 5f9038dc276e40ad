package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.AUTH_ID;
import static dev.handoff.testkit.contract.Fixtures.AUTH_TOKEN;
import static dev.handoff.testkit.contract.Fixtures.BASIC_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.RetryPolicy;
import dev.handoff.TransferListener;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.Legs;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WebhookUrl;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.PlivoFake;
import dev.handoff.testkit.ScriptedResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour contract: for every answer Plivo (or the network) may give — each status Handoff
 * maps, bodies that are not JSON, a proxy's HTML page, connections that close or never answer, a
 * body over 1 MiB, a refused connection — every operation yields the same receipt or the same
 * exception type, in blocking and asynchronous form, with the same number of requests under the
 * default {@link dev.handoff.RetryPolicy}: only 429, 503 with {@code Retry-After} and refused
 * connections are sent again. No exception message ever shows the Auth Token.
 *
 * <p>Tests are named like Retrofit's {@code CallTest} ({@code http404Sync}, {@code http404Async})
 * and parameterised over the operations. Each runs against a fresh fake ({@link #startFake}), a
 * {@link FakePlivoServer} unless overridden, whose model has the node and the call every operation
 * targets; the no-answer cases use a timeout of 300 ms. A transport's test extends it in a few
 * lines:
 *
 * <pre>{@code
 * class RetrofitBehaviourContractTest extends BehaviourContract {
 *   @Override protected Handoff createHandoff(HandoffConfig config) {
 *     return RetrofitHandoff.create(config);
 *   }
 * }
 * }</pre>
 *
 * <p>The in-memory {@link FakeCallControl} runs the same suite by overriding {@link #startFake} and
 * wiring {@link #createHandoff} to it. The HTTP-only situations then become the scripts a transport
 * would turn them into (see {@link ScriptedResponse}): credentials the server does not know become
 * the server's 401 answer, since the in-memory fake sees no credentials; "nothing listens" becomes
 * a {@code NOT_SENT} transport failure on every attempt. Every case yields the same exception type
 * either way.
 */
@DisplayNameGeneration(Cases.MethodNames.class)
public abstract class BehaviourContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  /** How long past its timeout a no-answer operation may take to fail: a bound, not a benchmark. */
  private static final Duration MARGIN = Duration.ofSeconds(20);

  private static final String API_ID = "faad0293-f5f0-487e-8ff7-b45ba6c45b25";
  private static final String BAD_GATEWAY =
      "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
          + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>"
          + "</html>\n";

  private final List<Handoff> handoffs = new ArrayList<>();
  private @Nullable PlivoFake fake;

  /** What was logged during the case, from its fake's start to the last close: nothing may be. */
  private final LogRecorder logs = new LogRecorder();

  /** For subclasses. */
  protected BehaviourContract() {}

  /**
   * A Handoff over the transport under test, configured with {@code config}; the suite closes it.
   * {@code config} reaches the fake {@link #startFake} returned.
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  /**
   * The fake this test scripts, fresh for each test; the suite seeds its {@link PlivoFake#model()
   * model} and closes it. A {@link FakePlivoServer} of {@code credentials} by default; override to
   * run the suite against another fake ({@link FakeCallControl}).
   */
  protected PlivoFake startFake(Credentials credentials) {
    return FakePlivoServer.start(credentials);
  }

  /**
   * A capability flag: whether the transport's HTTP client itself sends an idempotent request (a
   * {@code GET}) again when its connection closes before any byte of the response, which no setting
   * turns off (the JDK's {@code HttpClient} does). The connection-reset case of a node read is then
   * skipped, visibly, rather than failed. False by default: Retrofit (OkHttp without {@code
   * retryOnConnectionFailure}) and Vert.x must pass it.
   */
  protected boolean resendsIdempotentRequests() {
    return false;
  }

  static List<Arguments> operationsAndForms() {
    return Cases.operationsAndForms();
  }

  @BeforeEach
  void startServer() {
    logs.start();
    fake = startFake(Fixtures.CREDENTIALS);
    Fixtures.seed(fake.model());
  }

  /**
   * Closes everything, then asserts that nothing was logged: Handoff never logs, whatever fails.
   */
  @AfterEach
  void closeAll() {
    try {
      for (Handoff handoff : handoffs) {
        handoff.close();
      }
    } finally {
      try {
        if (fake != null) {
          fake.close();
        }
      } finally {
        logs.stop();
      }
    }
    assertThat(logs.records()).as("log records written during the case").isEmpty();
  }

  /**
   * Records every {@code java.util.logging} record written while it runs, at the level an
   * application that configured nothing prints (the JDK's default, {@code INFO}) or above: what
   * would reach its stderr. Attached to the root logger and to the loggers of the HTTP clients
   * (Vert.x and Netty, OkHttp, the JDK's), whose levels it sets to {@code INFO} when they are
   * stricter (so that a logging configuration cannot hide a record) and restores after. The fake
   * server's own logger ({@code mockwebserver3}) is not the transport's: its records are left out.
   */
  static final class LogRecorder extends Handler {
    private static final List<String> LOGGERS =
        List.of("", "io.vertx", "io.netty", "okhttp3", "jdk.internal.httpclient", "jdk.httpclient");

    /** The records seen, once each: a record reaches this handler on its logger and on root. */
    private final Set<LogRecord> seen = ConcurrentHashMap.newKeySet();

    private final List<String> records = new CopyOnWriteArrayList<>();
    private final Map<Logger, @Nullable Level> levels = new LinkedHashMap<>();

    LogRecorder() {
      setLevel(Level.ALL);
    }

    void start() {
      seen.clear();
      records.clear();
      for (String name : LOGGERS) {
        Logger logger = Logger.getLogger(name);
        levels.put(logger, logger.getLevel());
        if (!logger.isLoggable(Level.INFO)) {
          logger.setLevel(Level.INFO);
        }
        logger.addHandler(this);
      }
    }

    void stop() {
      for (Map.Entry<Logger, @Nullable Level> saved : levels.entrySet()) {
        saved.getKey().removeHandler(this);
        saved.getKey().setLevel(saved.getValue());
      }
      levels.clear();
    }

    /** Each record as {@code LEVEL logger: message (thrown)}. */
    List<String> records() {
      return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord record) {
      String name = String.valueOf(record.getLoggerName());
      if (record.getLevel().intValue() >= Level.INFO.intValue()
          && !name.startsWith("mockwebserver3")
          && seen.add(record)) {
        records.add(
            record.getLevel()
                + " "
                + name
                + ": "
                + record.getMessage()
                + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  // ---- the cases, each for one operation in one form ----

  /**
   * Plivo accepts: 201 (202 for a call transfer, 200 for a node read) gives the receipt or node
   * with Plivo's {@code api_id}.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void success(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.json(operation.successStatus(), operation.successBody(API_ID)));

    Object result = succeed(operation, form, handoff());

    assertThat(result).isEqualTo(operation.expectedResult(API_ID));
    assertRequests(1);
  }

  /**
   * 400 with Plivo's error: {@code RejectedException} carrying status, {@code error} text and
   * {@code api_id}.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http400(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(
            ScriptedResponse.json(
                400, "{\"api_id\": \"" + API_ID + "\", \"error\": \"to is a mandatory param.\"}"));

    RejectedException e = fail(operation, form, RejectedException.class);

    assertPlivoError(e, 400, API_ID, "to is a mandatory param.");
    assertThat(e.getMessage()).contains("to is a mandatory param.").contains(API_ID);
    assertRequests(1);
  }

  /** A 400 whose error text echoes the Auth Token: the token is not in the exception. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http400EchoingTheToken(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(
            ScriptedResponse.json(
                400,
                "{\"api_id\": \""
                    + API_ID
                    + "\", \"error\": \"invalid auth "
                    + AUTH_ID
                    + ":"
                    + AUTH_TOKEN
                    + "\"}"));

    RejectedException e = fail(operation, form, RejectedException.class);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("invalid auth");
    assertRequests(1);
  }

  /** 401: {@code AuthenticationFailedException}. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http401(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(
            ScriptedResponse.json(
                401, "{\"api_id\": \"" + API_ID + "\", \"error\": \"Authentication failed\"}"));

    AuthenticationFailedException e = fail(operation, form, AuthenticationFailedException.class);

    assertPlivoError(e, 401, API_ID, "Authentication failed");
    assertRequests(1);
  }

  /**
   * 401 as Plivo really answers it, without {@code api_id} ({@link
   * ScriptedResponse#unauthorized()}): {@code AuthenticationFailedException} with Plivo's text and
   * no {@code api_id}, not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http401WithoutApiId(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.unauthorized());

    AuthenticationFailedException e = fail(operation, form, AuthenticationFailedException.class);

    assertPlivoError(e, 401, null, "authentication credentials were not provided");
    assertRequests(1);
  }

  /**
   * Credentials the server does not know: its own 401 (Plivo's shape, no {@code api_id}) gives
   * {@code AuthenticationFailedException}.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void wrongCredentials(Operation operation, Form form) throws Exception {
    String otherToken = "0ther-t0ken.NOT-the-right-one";
    if (!fake().checksCredentials()) {
      // The in-memory fake sees no credentials: it gives the answer the server gives them.
      fake().enqueue(ScriptedResponse.unauthorized());
    }
    Handoff handoff =
        handoff(Fixtures.config(fake(), TIMEOUT), new Credentials(AUTH_ID, otherToken));

    Throwable e = failure(operation, form, handoff);

    assertThat(e).isExactlyInstanceOf(AuthenticationFailedException.class);
    assertPlivoError(
        (AuthenticationFailedException) e,
        401,
        null,
        "authentication credentials were not provided");
    assertNoSecret(e, otherToken);
    assertRequests(1);
  }

  /** 403: {@code NotPermittedException}. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http403(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(
            ScriptedResponse.json(
                403, "{\"api_id\": \"" + API_ID + "\", \"error\": \"forbidden\"}"));

    NotPermittedException e = fail(operation, form, NotPermittedException.class);

    assertPlivoError(e, 403, API_ID, "forbidden");
    assertRequests(1);
  }

  /**
   * The testkit's 403 ({@link ScriptedResponse#forbidden()}: PHLO not enabled for the account):
   * {@code NotPermittedException}, never "not found", not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http403Forbidden(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.forbidden());

    NotPermittedException e = fail(operation, form, NotPermittedException.class);

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.apiId()).as("api_id").isNotNull();
    assertThat(e.plivoError()).isEqualTo("PHLO is not enabled for this account");
    assertRequests(1);
  }

  /**
   * 405, a method the path does not take ({@link ScriptedResponse#methodNotAllowed()}, no {@code
   * api_id}): {@code RejectedException} with status 405, never "not found", not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http405(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.methodNotAllowed());

    RejectedException e = fail(operation, form, RejectedException.class);

    assertPlivoError(e, 405, null, "method not allowed");
    assertRequests(1);
  }

  /** 404 {@code {}}: {@code NotFoundException} without {@code api_id}. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http404(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.json(404, "{}"));

    NotFoundException e = fail(operation, form, NotFoundException.class);

    assertPlivoError(e, 404, null, null);
    assertRequests(1);
  }

  /**
   * 429 on every attempt: three attempts under the default policy, then {@code
   * RateLimitedException}.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http429(Operation operation, Form form) throws Exception {
    for (int i = 0; i < 4; i++) { // one more than the policy's attempts: a 4th would be seen
      fake()
          .enqueue(
              ScriptedResponse.json(
                  429, "{\"api_id\": \"" + API_ID + "\", \"error\": \"too many requests\"}"));
    }

    RateLimitedException e = fail(operation, form, RateLimitedException.class);

    assertPlivoError(e, 429, API_ID, "too many requests");
    assertThat(e.retryAfter()).isNull();
    assertRequests(3);
  }

  /** 429 once, then success: two requests. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http429ThenSuccess(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(
            ScriptedResponse.json(429, "{\"api_id\": \"a1\", \"error\": \"too many requests\"}"))
        .enqueue(ScriptedResponse.json(operation.successStatus(), operation.successBody(API_ID)));

    Object result = succeed(operation, form, handoff());

    assertThat(result).isEqualTo(operation.expectedResult(API_ID));
    assertRequests(2);
  }

  /** 500: {@code PlivoUnavailableException}, never retried. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http500(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(
            ScriptedResponse.json(
                500, "{\"api_id\": \"" + API_ID + "\", \"error\": \"internal\"}"));
    if (operation.isRead()) {
      assertReadRetried(operation, form);
      return;
    }

    PlivoUnavailableException e = fail(operation, form, PlivoUnavailableException.class);

    assertPlivoError(e, 500, API_ID, "internal");
    assertRequests(1); // a retry would have reached the model, which accepts: not one is allowed
  }

  /** 503 without {@code Retry-After}: {@code PlivoUnavailableException}, never retried. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http503(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.json(503, "{\"api_id\": \"" + API_ID + "\", \"error\": \"\"}"));
    if (operation.isRead()) {
      assertReadRetried(operation, form);
      return;
    }

    PlivoUnavailableException e = fail(operation, form, PlivoUnavailableException.class);

    assertPlivoError(e, 503, API_ID, null);
    assertThat(e.retryAfter()).isNull();
    assertRequests(1);
  }

  /**
   * 503 with {@code Retry-After: 0} on every attempt: three attempts, then {@code
   * PlivoUnavailableException}.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http503RetryAfter(Operation operation, Form form) throws Exception {
    for (int i = 0; i < 4; i++) {
      fake()
          .enqueue(
              ScriptedResponse.json(503, "{\"api_id\": \"" + API_ID + "\", \"error\": \"busy\"}")
                  .withHeader("Retry-After", "0"));
    }

    PlivoUnavailableException e = fail(operation, form, PlivoUnavailableException.class);

    assertPlivoError(e, 503, API_ID, "busy");
    assertThat(e.retryAfter()).isEqualTo(Duration.ZERO);
    assertRequests(3);
  }

  /** 503 with {@code Retry-After: 0} once, then success: two requests. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void http503RetryAfterThenSuccess(Operation operation, Form form) throws Exception {
    fake()
        .enqueue(ScriptedResponse.json(503, "{}").withHeader("Retry-After", "0"))
        .enqueue(ScriptedResponse.json(operation.successStatus(), operation.successBody(API_ID)));

    Object result = succeed(operation, form, handoff());

    assertThat(result).isEqualTo(operation.expectedResult(API_ID));
    assertRequests(2);
  }

  /**
   * A 2xx whose body is not JSON: a receipt without {@code api_id}; for a node read, a {@code
   * TransportFailureException} ({@code UNKNOWN}).
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void nonJsonSuccess(Operation operation, Form form) throws Exception {
    unreadableSuccess(
        operation,
        form,
        ScriptedResponse.body(operation.successStatus(), "text/plain", "Accepted"));
  }

  /**
   * A 2xx Plivo answered but whose body reads as no Plivo answer: the request was performed, so a
   * receipt without {@code api_id}; a node read has nothing to return, so {@code UNKNOWN}.
   */
  private void unreadableSuccess(Operation operation, Form form, ScriptedResponse answer) {
    fake().enqueue(answer);

    if (operation.isRead()) {
      assertUnreadRead(operation, form);
      return;
    }
    assertThat(succeed(operation, form, handoff()))
        .isEqualTo(operation.unreadReceipt("the body is not a JSON object"));
    assertRequests(1);
  }

  /**
   * A 2xx whose JSON repeats a key ({@code "error"} empty, then not): not a valid Plivo answer, so
   * read as text by every transport, exactly as a body that is not JSON.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void duplicateKeySuccess(Operation operation, Form form) throws Exception {
    unreadableSuccess(
        operation,
        form,
        ScriptedResponse.json(
            operation.successStatus(),
            "{\"api_id\": \"" + API_ID + "\", \"error\": \"\", \"error\": \"bad\"}"));
  }

  /**
   * A read whose 2xx body does not describe what it read fails {@code UNKNOWN}: nothing to return,
   * not retried by Handoff (Plivo answered), yet safe for the caller to send again.
   */
  private void assertUnreadRead(Operation operation, Form form) {
    TransportFailureException e = fail(operation, form, TransportFailureException.class);
    assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(e.mayHaveTakenEffect()).isFalse();
    assertThat(e.isSafeToResend()).isTrue();
    assertThat(e.getMessage()).contains("could not be read").doesNotContain("perform");
    assertRequests(1);
  }

  /**
   * A read that met a failure is sent again (reads change nothing): its second attempt reaches the
   * model, which answers it.
   */
  private void assertReadRetried(Operation operation, Form form) {
    Object result = succeed(operation, form, handoff());
    assertThat(result)
        .as("the read's second attempt")
        .isInstanceOf(operation.readsNode() ? MultiPartyCallNode.class : LiveCall.class);
    assertRequests(2);
  }

  /** A 400 whose body is not JSON: {@code RejectedException} quoting the body. */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void nonJsonClientError(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.body(400, "text/plain", "Bad Request: missing to"));

    RejectedException e = fail(operation, form, RejectedException.class);

    assertPlivoError(e, 400, null, null);
    assertThat(e.getMessage()).contains("Bad Request: missing to");
    assertRequests(1);
  }

  /**
   * A proxy's HTML 502 page: {@code PlivoUnavailableException} whose message has the page's text
   * but none of its tags.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void htmlBadGateway(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.body(502, "text/html; charset=utf-8", BAD_GATEWAY));
    if (operation.isRead()) {
      assertReadRetried(operation, form);
      return;
    }

    PlivoUnavailableException e = fail(operation, form, PlivoUnavailableException.class);

    assertPlivoError(e, 502, null, null);
    assertThat(e.mayHaveTakenEffect()).isTrue();
    assertThat(e.getMessage())
        .contains("an HTML page, not Plivo's JSON (likely from a proxy or load balancer)")
        .contains("the outcome is unknown")
        .contains("502 Bad Gateway")
        .doesNotContain("<")
        .doesNotContain(">")
        .doesNotContain("\n");
    assertRequests(1);
  }

  /**
   * The connection closes in the middle of the answer's body: {@code TransportFailureException}
   * ({@code UNKNOWN}), not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void connectionClosedMidAnswer(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.disconnectDuringBody());
    if (operation.isRead()) {
      assertReadRetried(operation, form);
      return;
    }

    TransportFailureException e = fail(operation, form, TransportFailureException.class);

    assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertRequests(1);
  }

  /**
   * The connection closes after the request, before any answer: {@code TransportFailureException}
   * ({@code UNKNOWN}), not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void connectionReset(Operation operation, Form form) throws Exception {
    assumeFalse(
        operation.isRead() && resendsIdempotentRequests(),
        "the transport's HTTP client re-sends an idempotent GET whose connection closed unanswered");
    fake().enqueue(ScriptedResponse.resetAfterRequest());
    if (operation.isRead()) {
      assertReadRetried(operation, form);
      return;
    }

    TransportFailureException e = fail(operation, form, TransportFailureException.class);

    assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(e.mayHaveTakenEffect()).isTrue();
    assertThat(e.isSafeToResend()).isFalse();
    assertRequests(1);
  }

  /**
   * An answer body over 1 MiB: {@code TransportFailureException} ({@code UNKNOWN}), not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void hugeBody(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.hugeBody(operation.successStatus(), 2L * 1024 * 1024 + 1));
    if (operation.isRead()) {
      assertUnreadRead(operation, form);
      return;
    }

    // A 2xx is Plivo's acceptance whatever its body: a receipt saying the body was not read.
    assertThat(succeed(operation, form, handoff()))
        .isEqualTo(operation.unreadReceipt("the body is larger than 1048576 bytes"));
    assertRequests(1);
  }

  /**
   * No answer at all: {@code DeadlineExceededException} ({@code UNKNOWN}) once the timeout passes,
   * not retried.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void noAnswer(Operation operation, Form form) throws Exception {
    fake().enqueue(ScriptedResponse.noAnswer());
    Handoff handoff = handoff(Fixtures.config(fake(), SHORT_TIMEOUT), null);

    long start = System.nanoTime();
    Throwable e = failure(operation, form, handoff);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isExactlyInstanceOf(DeadlineExceededException.class);
    assertThat(((DeadlineExceededException) e).delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(elapsed)
        .as("time to fail: the timeout, not earlier, plus a margin")
        .isGreaterThanOrEqualTo(SHORT_TIMEOUT)
        .isLessThan(SHORT_TIMEOUT.plus(MARGIN));
    assertNoSecret(e, AUTH_TOKEN);
    assertRequests(1);
  }

  /**
   * Nothing listens: {@code TransportFailureException} ({@code NOT_SENT}) after the policy's three
   * attempts.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void connectionRefused(Operation operation, Form form) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    TransferListener counter =
        new TransferListener() {
          @Override
          public void attemptStarted(PlivoRequest request, int attempt) {
            attempts.incrementAndGet();
          }
        };
    HandoffConfig config;
    if (fake().speaksHttp()) {
      config = Fixtures.config(URI.create("http://127.0.0.1:" + unusedPort()), TIMEOUT);
    } else {
      // In memory, "nothing listens" is what a transport makes of it: NOT_SENT, every attempt.
      for (int i = 0; i < 4; i++) {
        fake().enqueue(ScriptedResponse.transportFailure(Delivery.NOT_SENT));
      }
      config = Fixtures.config(fake(), TIMEOUT);
    }
    Handoff handoff = handoff(config.toBuilder().listener(counter).build(), null);

    Throwable e = failure(operation, form, handoff);

    assertThat(e).isExactlyInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertNoSecret(e, AUTH_TOKEN);
    assertThat(attempts.get()).as("attempts").isEqualTo(3);
  }

  /**
   * Two Handoffs on one fake (in memory: on one {@code FakeCallControl}, which each closes as its
   * {@code CallControl}): closing the second leaves the fake and the first working.
   */
  @ParameterizedTest(name = Cases.ROW)
  @MethodSource("operationsAndForms")
  void closingAnotherHandoffLeavesThisOneWorking(Operation operation, Form form) throws Exception {
    Handoff first = handoff();
    handoff().close();
    fake().enqueue(ScriptedResponse.json(operation.successStatus(), operation.successBody(API_ID)));

    Object result = succeed(operation, form, first);

    assertThat(result).isEqualTo(operation.expectedResult(API_ID));
    assertRequests(1);
  }

  /**
   * The fake's account limit (issue 16), as an application's fleet test uses it: two Handoffs
   * sharing one in-memory {@link RateBudget} of half the fake's limit meet no 429 across a burst of
   * several windows; beyond the limit, without a budget, the fake answers Plivo's 429 (no {@code
   * Retry-After}), which is {@link RateLimitedException}, safe to resend.
   */
  @Test
  void aFleetSharingOneRateBudgetStaysInsideTheFakesAccountLimit() {
    RateLimit account = new RateLimit(4, Duration.ofMillis(500));
    fake().model().rateLimit(account);
    RateBudget budget = RateBudget.inMemory(new RateLimit(2, Duration.ofMillis(500)));
    HandoffConfig shared =
        fake()
            .configBuilder(Fixtures.CREDENTIALS)
            .timeout(TIMEOUT)
            .retryPolicy(RetryPolicy.none())
            .rateBudget(budget)
            .build();
    List<Handoff> fleet = List.of(handoff(shared, null), handoff(shared, null));
    CallTransfer transfer =
        new CallTransfer(
            Fixtures.CALL, Legs.aLeg(WebhookUrl.of("https://app.example.com/xml", UrlMethod.POST)));
    List<CompletableFuture<Receipt>> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(fleet.get(i % 2).transferCallAsync(transfer));
    }
    sent.forEach(CompletableFuture::join);
    assertThat(fake().model().rateLimitedCount()).isZero();
    assertThat(fake().model().peakWindowCount()).isLessThanOrEqualTo(account.permits());

    Handoff alone =
        handoff(
            fake()
                .configBuilder(Fixtures.CREDENTIALS)
                .timeout(TIMEOUT)
                .retryPolicy(RetryPolicy.none())
                .build(),
            null);
    RateLimitedException limited = null;
    for (int i = 0; i < account.permits() + 1 && limited == null; i++) {
      try {
        alone.transferCall(transfer);
      } catch (RateLimitedException e) {
        limited = e;
      }
    }
    assertThat(limited).as("a 429 past the fake's limit").isNotNull();
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfter()).isNull();
    assertThat(limited.isSafeToResend()).isTrue();
    assertThat(fake().model().rateLimitedCount()).isEqualTo(1);
  }

  // ---- helpers ----

  /** The suite's fake: a server unless {@link #startFake} was overridden. */
  private PlivoFake fake() {
    if (fake == null) {
      throw new IllegalStateException("no fake: @BeforeEach did not run");
    }
    return fake;
  }

  /** A Handoff on the suite's fake with the default timeout and retry policy. */
  private Handoff handoff() {
    return handoff(Fixtures.config(fake(), TIMEOUT), null);
  }

  private Handoff handoff(HandoffConfig config, @Nullable Credentials credentials) {
    HandoffConfig effective = config;
    if (credentials != null) {
      effective =
          HandoffConfig.builder(credentials)
              .phloBaseUrl(config.phloBaseUrl())
              .voiceBaseUrl(config.voiceBaseUrl())
              .connectTimeout(config.connectTimeout())
              .timeout(config.timeout())
              .retryPolicy(config.retryPolicy())
              .listener(config.listener())
              .build();
    }
    Handoff handoff = createHandoff(effective);
    handoffs.add(handoff);
    return handoff;
  }

  private static Object succeed(Operation operation, Form form, Handoff handoff) {
    if (form == Form.BLOCKING) {
      return operation.callBlocking(handoff);
    }
    try {
      return operation.callAsync(handoff).get(TIMEOUT.plus(MARGIN).toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the asynchronous call never completed", e);
    }
  }

  /** The failure of an operation on the suite's default Handoff, of exactly type {@code type}. */
  private <E extends Throwable> E fail(Operation operation, Form form, Class<E> type) {
    Throwable e = failure(operation, form, handoff());
    assertThat(e).isExactlyInstanceOf(type);
    assertNoSecret(e, AUTH_TOKEN);
    return type.cast(e);
  }

  /**
   * What the operation failed with: thrown as is by the blocking form, the cause of the future's
   * failure in the asynchronous form.
   */
  private static Throwable failure(Operation operation, Form form, Handoff handoff) {
    return operation.failure(form, handoff, TIMEOUT.plus(MARGIN));
  }

  private void assertRequests(int expected) {
    assertThat(fake().requestCount()).as("requests sent").isEqualTo(expected);
  }

  private static void assertPlivoError(
      PlivoErrorException e, int status, @Nullable String apiId, @Nullable String plivoError) {
    assertThat(e.status()).as("status").isEqualTo(status);
    assertThat(e.apiId()).as("api_id").isEqualTo(apiId);
    assertThat(e.plivoError()).as("Plivo's error text").isEqualTo(plivoError);
    assertThat(e.getMessage()).contains("HTTP " + status);
  }

  /** Neither the token nor the Authorization header shows in any message of the chain. */
  private static void assertNoSecret(Throwable failure, String token) {
    String header =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (AUTH_ID + ":" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .as("message of " + t.getClass().getName())
          .doesNotContain(token)
          .doesNotContain(header)
          .doesNotContain(BASIC_AUTH);
      assertThat(t.toString()).doesNotContain(token);
    }
  }

  private static int unusedPort() {
    return Fixtures.refusingPort();
  }
}
