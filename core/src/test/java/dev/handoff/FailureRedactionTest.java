package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.internal.Failures;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A transport's failure whose text holds the credentials, as when a peer echoes them into a status
 * line or a header the client quotes: core masks them in the failure's message, replaces each cause
 * that shows them, and no listener event, cause or stack trace carries them, in any form.
 */
class FailureRedactionTest {
  private static final String AUTH_ID = "MAODU5ZTLKNDK2MTQ2MD";
  private static final String TOKEN = "Zjnm,/(Y+a<~ekY$47Az?<Ww3Vxe";
  private static final Credentials CREDENTIALS = new Credentials(AUTH_ID, TOKEN);
  private static final String BASIC = base64(AUTH_ID + ":" + TOKEN);
  private static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId(PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"))
          .nodeId(NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566"))
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();

  /** The forms a peer echoes. */
  enum Form {
    TOKEN(FailureRedactionTest.TOKEN),
    UPPER_CASED_TOKEN(FailureRedactionTest.TOKEN.toUpperCase(Locale.ROOT)),
    AUTHORIZATION_VALUE("Basic " + BASIC),
    AUTHORIZATION_BASE64(BASIC),
    AUTHORIZATION_BASE64_UPPER_CASED(BASIC.toUpperCase(Locale.ROOT)),
    BASE64_TOKEN(base64(FailureRedactionTest.TOKEN)),
    URL_SAFE_BASE64_TOKEN(
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(FailureRedactionTest.TOKEN.getBytes(StandardCharsets.UTF_8)));

    final String text;

    /** What stands for it in a message: {@code Basic} is no secret, and stays. */
    final String masked;

    Form(String text) {
      this.text = text;
      this.masked = text.startsWith("Basic ") ? "Basic ****" : "****";
    }
  }

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<Handoff> handoffs = new ArrayList<>();

  @AfterEach
  void close() {
    handoffs.forEach(Handoff::close);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aTransportsFailureQuotingTheCredentialsIsMasked(Form form) {
    ProtocolException quoted =
        new ProtocolException("Unexpected status line: " + form.text + " 401 Unauthorized");
    Handoff handoff = handoff(wire -> wire.failure(quoted, Delivery.UNKNOWN), RetryPolicy.none());

    Throwable blocking = catchThrowable(() -> handoff.warmTransfer(WARM));
    Throwable async = asyncFailure(handoff);

    for (Throwable failure : List.of(blocking, async)) {
      assertThat(failure)
          .isExactlyInstanceOf(TransportFailureException.class)
          .hasMessage(
              "warm transfer got no usable answer (ProtocolException: Unexpected status line: "
                  + form.masked
                  + " 401 Unauthorized); the outcome is unknown: Plivo may have performed it");
      assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.UNKNOWN);
      Throwable cause = failure.getCause();
      assertThat(cause)
          .isInstanceOf(RedactedCause.class)
          .hasMessage(
              "java.net.ProtocolException: Unexpected status line: "
                  + form.masked
                  + " 401 Unauthorized")
          .hasNoCause();
      assertThat(cause.getStackTrace()).isEqualTo(quoted.getStackTrace());
      see(failure);
    }
    assertNothingSeenHoldsASecret();
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aRawExceptionIsReplacedWithItsWholeChainDownToTheLastThatShowsASecret(Form form) {
    SocketTimeoutException root = new SocketTimeoutException("Read timed out");
    IOException raw =
        new IOException(
            "unexpected end of stream",
            new IllegalArgumentException(
                "Content-Length value is not a number: " + form.text, root));
    raw.addSuppressed(new IllegalStateException("while closing " + form.text));
    Handoff handoff = handoff(wire -> raw, RetryPolicy.none());

    Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure)
        .isExactlyInstanceOf(TransportFailureException.class)
        .hasMessage(
            "warm transfer got no usable answer (IOException: unexpected end of stream); the"
                + " outcome is unknown: Plivo may have performed it");
    Throwable wrapper = failure.getCause();
    assertThat(wrapper)
        .isInstanceOf(RedactedCause.class)
        .hasMessage("java.io.IOException: unexpected end of stream");
    assertThat(wrapper.getSuppressed())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .isInstanceOf(RedactedCause.class)
                    .hasMessage("java.lang.IllegalStateException: while closing " + form.masked));
    assertThat(wrapper.getCause())
        .isInstanceOf(RedactedCause.class)
        .hasMessage(
            "java.lang.IllegalArgumentException: Content-Length value is not a number: "
                + form.masked);
    // Below the last exception showing a secret, the chain is kept as it was.
    assertThat(wrapper.getCause().getCause()).isSameAs(root);
    see(failure);
    assertNothingSeenHoldsASecret();
  }

  @Test
  void aFailureWithoutASecretIsKeptAsItIs() {
    IOException reset = new IOException("Connection reset");
    AtomicInteger made = new AtomicInteger();
    List<TransportFailureException> reported = new ArrayList<>();
    Handoff handoff =
        handoff(
            wire -> {
              made.incrementAndGet();
              TransportFailureException failure = wire.failure(reset, Delivery.UNKNOWN);
              reported.add(failure);
              return failure;
            },
            RetryPolicy.none());

    Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(made).hasValue(1);
    assertThat(failure).isSameAs(reported.get(0));
    assertThat(failure.getCause()).isSameAs(reset);
  }

  @Test
  void aNotSentFailureStaysNotSentAndIsRetriedWithItsReasonMasked() {
    AtomicInteger attempts = new AtomicInteger();
    Handoff handoff =
        handoff(
            wire ->
                wire.failure(
                    new IOException(
                        "proxy said " + TOKEN, new SocketTimeoutException("connect timed out")),
                    Delivery.UNKNOWN),
            RetryPolicy.defaults(),
            attempts);

    Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(attempts).hasValue(3);
    assertThat(failure).isExactlyInstanceOf(TransportFailureException.class);
    assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(failure.getMessage()).contains("proxy said ****");
    assertThat(failure.getCause().getCause()).isInstanceOf(SocketTimeoutException.class);
    see(failure);
    assertThat(seen).anyMatch(text -> text.startsWith("retryScheduled"));
    assertNothingSeenHoldsASecret();
  }

  @Test
  void anAttemptInterceptorsFailureQuotingTheCredentialsIsMasked() {
    IllegalStateException thrown = new IllegalStateException("signer rejected " + BASIC);
    Handoff handoff =
        handoff(
            wire -> new AssertionError("not sent"),
            RetryPolicy.none(),
            new AtomicInteger(),
            b ->
                b.addAttemptInterceptor(
                    chain -> {
                      throw thrown;
                    }));

    Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure)
        .isExactlyInstanceOf(TransportFailureException.class)
        .hasMessage(
            "warm transfer was not sent: an attempt interceptor failed (IllegalStateException:"
                + " signer rejected ****)");
    assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(failure.getCause())
        .isInstanceOf(RedactedCause.class)
        .hasMessage("java.lang.IllegalStateException: signer rejected ****");
    see(failure);
    assertNothingSeenHoldsASecret();
  }

  @Test
  void aPlivoErrorAnInterceptorHandsBackIsRebuiltMasked() {
    RateLimitedException stored =
        (RateLimitedException)
            Failures.get()
                .plivoError(
                    WARM,
                    429,
                    TOKEN,
                    "slow down " + TOKEN.toUpperCase(Locale.ROOT),
                    null,
                    Duration.ofSeconds(2));
    Handoff handoff =
        handoff(
            wire -> new AssertionError("not sent"),
            RetryPolicy.none(),
            new AtomicInteger(),
            b -> b.addOperationInterceptor(chain -> CompletableFuture.failedFuture(stored)));

    Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure)
        .isExactlyInstanceOf(RateLimitedException.class)
        .hasMessage(
            "Plivo rate-limited warm transfer (retry after 2000 ms): HTTP 429, error \"slow down"
                + " ****\", api_id ****");
    RateLimitedException limited = (RateLimitedException) failure;
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(limited.plivoError()).isEqualTo("slow down ****");
    assertThat(limited.apiId()).isEqualTo("****");
    see(failure);
    assertNothingSeenHoldsASecret();
  }

  @Test
  void aCauseWhoseTextCannotBeReadIsReplaced() {
    RuntimeException unreadable =
        new RuntimeException() {
          @Override
          public String getMessage() {
            throw new IllegalStateException("no message");
          }

          @Override
          public String toString() {
            return "Unreadable";
          }
        };
    Handoff handoff =
        handoff(
            wire -> wire.failure(new IOException("read failed", unreadable), Delivery.UNKNOWN),
            RetryPolicy.none());

    Throwable failure = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(failure.getCause()).isInstanceOf(RedactedCause.class);
    assertThat(failure.getCause().getCause()).isInstanceOf(RedactedCause.class);
  }

  private Handoff handoff(Function<Wire, Throwable> failure, RetryPolicy policy) {
    return handoff(failure, policy, new AtomicInteger());
  }

  private Handoff handoff(
      Function<Wire, Throwable> failure, RetryPolicy policy, AtomicInteger attempts) {
    return handoff(failure, policy, attempts, b -> {});
  }

  private Handoff handoff(
      Function<Wire, Throwable> failure,
      RetryPolicy policy,
      AtomicInteger attempts,
      java.util.function.Consumer<HandoffConfig.Builder> settings) {
    HandoffConfig.Builder builder =
        HandoffConfig.builder(CREDENTIALS)
            .retryPolicy(policy)
            .timeout(Duration.ofSeconds(10))
            .listener(new SeeingListener());
    settings.accept(builder);
    Handoff handoff =
        Handoff.create(
            new CallControl() {
              @Override
              public CompletableFuture<PlivoResponse> send(Wire wire) {
                attempts.incrementAndGet();
                return CompletableFuture.failedFuture(failure.apply(wire));
              }

              @Override
              public void close() {}
            },
            builder.build());
    handoffs.add(handoff);
    return handoff;
  }

  private static Throwable asyncFailure(Handoff handoff) {
    try {
      throw new AssertionError(
          "expected a failure, got " + handoff.warmTransferAsync(WARM).get(10, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void see(@Nullable Throwable failure) {
    if (failure == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    seen.add(trace.toString());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      seen.add(String.valueOf(t.getMessage()));
      seen.add(t.toString());
    }
  }

  private void assertNothingSeenHoldsASecret() {
    assertThat(seen).isNotEmpty();
    for (String text : seen) {
      assertThat(text)
          .doesNotContainIgnoringCase(TOKEN)
          .doesNotContainIgnoringCase(BASIC.replace("=", ""))
          .doesNotContainIgnoringCase(base64(TOKEN).replace("=", ""))
          .doesNotContainIgnoringCase(
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Records each event and the text of every failure it carries. */
  private final class SeeingListener implements TransferListener {
    @Override
    public void attemptFailed(PlivoRequest request, int attempt, HandoffException failure) {
      seen.add("attemptFailed " + attempt);
      see(failure);
    }

    @Override
    public void retryScheduled(
        PlivoRequest request, int attempt, Duration delay, HandoffException reason) {
      seen.add("retryScheduled " + attempt);
      see(reason);
    }

    @Override
    public void operationFailed(
        PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
      seen.add("operationFailed " + attempts);
      see(failure);
    }
  }
}
