package dev.handoff;

import static dev.handoff.ScriptedCallControl.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.handoff.internal.Failures;
import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.Legs;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeId;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultHandoffTest {
  private static final PhloId PHLO = PhloId.of("phlo-1");
  private static final NodeId NODE = NodeId.of("node-1");
  private static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId(PHLO)
          .nodeId(NODE)
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();
  private static final ColdTransfer COLD =
      ColdTransfer.builder()
          .phloId(PHLO)
          .nodeId(NODE)
          .triggerSource("+14152223333")
          .to("sip:agent1@phone.plivo.com")
          .build();
  private static final AddMember ADD =
      AddMember.builder()
          .phloId(PHLO)
          .nodeId(NODE)
          .triggerSource("+14152223333")
          .to("+14152226666")
          .build();
  private static final MemberAction HOLD =
      new MemberAction(PHLO, NODE, Address.of("+14152223333"), MemberActionType.HOLD);
  private static final ReadNode READ = new ReadNode(PHLO, NODE);
  private static final CallTransfer CALL =
      new CallTransfer(
          CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"),
          Legs.aLeg(WebhookUrl.of("https://example.com/a.xml")));

  private static final Duration WAIT = Duration.ofSeconds(5);

  /** Every operation, with its blocking and asynchronous form and the port method it uses. */
  enum Op {
    WARM_TRANSFER(
        "send", "warmTransferAsync", h -> h.warmTransfer(WARM), h -> h.warmTransferAsync(WARM)),
    COLD_TRANSFER(
        "send", "coldTransferAsync", h -> h.coldTransfer(COLD), h -> h.coldTransferAsync(COLD)),
    ADD_MEMBER("send", "addMemberAsync", h -> h.addMember(ADD), h -> h.addMemberAsync(ADD)),
    MEMBER_ACTION(
        "send", "memberActionAsync", h -> h.memberAction(HOLD), h -> h.memberActionAsync(HOLD)),
    READ_NODE("send", "readNodeAsync", h -> h.readNode(READ), h -> h.readNodeAsync(READ)),
    TRANSFER_CALL(
        "send", "transferCallAsync", h -> h.transferCall(CALL), h -> h.transferCallAsync(CALL));

    final String portMethod;
    final String asyncName;
    final Function<Handoff, Object> blocking;
    final Function<Handoff, CompletableFuture<?>> async;

    Op(
        String portMethod,
        String asyncName,
        Function<Handoff, Object> blocking,
        Function<Handoff, CompletableFuture<?>> async) {
      this.portMethod = portMethod;
      this.asyncName = asyncName;
      this.blocking = blocking;
      this.async = async;
    }

    PlivoRequest request() {
      return switch (this) {
        case WARM_TRANSFER -> WARM;
        case COLD_TRANSFER -> COLD;
        case ADD_MEMBER -> ADD;
        case MEMBER_ACTION -> HOLD;
        case READ_NODE -> READ;
        case TRANSFER_CALL -> CALL;
      };
    }
  }

  /** What the transport reports, and what the caller must get. */
  enum Failure {
    HTTP_401(
        f -> f.answer(401, "error", "Authentication failed"),
        AuthenticationFailedException.class,
        null),
    HTTP_403(f -> f.answer(403), NotPermittedException.class, null),
    HTTP_404(f -> f.answer(404), NotFoundException.class, null),
    HTTP_400(
        f -> f.answer(400, "error", "to is a mandatory param."), RejectedException.class, null),
    HTTP_422(f -> f.answer(422), RejectedException.class, null),
    HTTP_429(f -> f.answer(json(429, "1")), RateLimitedException.class, null),
    HTTP_500(f -> f.answer(500), PlivoUnavailableException.class, null),
    HTTP_503_RETRY_AFTER(f -> f.answer(json(503, "1")), PlivoUnavailableException.class, null),
    HTTP_201_WITH_ERROR(
        f -> f.answer(201, "error", "Invalid value"), RejectedException.class, null),
    HTML_502(
        f -> f.answer(PlivoResponse.text(502, null, "<h1>Bad Gateway</h1>")),
        PlivoUnavailableException.class,
        null),
    TRANSPORT_UNKNOWN(
        f -> f.fail(TestWires.failure(new IOException("reset"))),
        TransportFailureException.class,
        Delivery.UNKNOWN),
    TRANSPORT_NOT_SENT(
        f -> f.fail(TestWires.failure(new ConnectException("refused"))),
        TransportFailureException.class,
        Delivery.NOT_SENT),
    RAW_IO_EXCEPTION(
        f -> f.fail(new IOException("reset")), TransportFailureException.class, Delivery.UNKNOWN),
    RAW_CONNECT_EXCEPTION_WRAPPED(
        f -> f.fail(new CompletionException(new ConnectException("refused"))),
        TransportFailureException.class,
        Delivery.NOT_SENT);

    final Consumer<ScriptedCallControl> script;
    final Class<? extends RuntimeException> type;
    final Delivery delivery;

    Failure(
        Consumer<ScriptedCallControl> script,
        Class<? extends RuntimeException> type,
        Delivery delivery) {
      this.script = script;
      this.type = type;
      this.delivery = delivery;
    }
  }

  private final List<Handoff> handoffs = new ArrayList<>();

  @AfterEach
  void closeHandoffs() {
    handoffs.forEach(Handoff::close);
  }

  private Handoff handoff(CallControl fake, Consumer<HandoffConfig.Builder> settings) {
    HandoffConfig.Builder builder = HandoffConfig.builder(HandoffConfigTest.CREDENTIALS);
    settings.accept(builder);
    Handoff handoff = Handoff.create(fake, builder.build());
    handoffs.add(handoff);
    return handoff;
  }

  private Handoff handoff(CallControl fake) {
    return handoff(fake, b -> {});
  }

  private static ScriptedCallControl succeeding(Op op) {
    ScriptedCallControl fake = new ScriptedCallControl();
    return op == Op.READ_NODE
        ? fake.answer(200, "api_id", "r1", "phlo_id", "phlo-1", "node_id", "node-1")
        : fake.answer(op == Op.TRANSFER_CALL ? 202 : 201, "api_id", "r1", "error", "");
  }

  private static Object expectedSuccess(Op op) {
    return op == Op.READ_NODE
        ? new MultiPartyCallNode(PHLO, NODE, null, null, null, "r1")
        : new Receipt(op == Op.TRANSFER_CALL ? 202 : 201, "r1");
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void successBlocking(Op op) {
    ScriptedCallControl fake = succeeding(op);
    assertThat(op.blocking.apply(handoff(fake))).isEqualTo(expectedSuccess(op));
    assertThat(fake.sent).hasSize(1);
    assertThat(fake.attempt(0).method()).isEqualTo(op.portMethod);
    assertThat(fake.attempt(0).request()).isSameAs(op.request());
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void successAsync(Op op) {
    ScriptedCallControl fake = succeeding(op);
    CompletableFuture<?> future = op.async.apply(handoff(fake));
    assertThat(future).succeedsWithin(WAIT).isEqualTo(expectedSuccess(op));
    assertThat(fake.sent)
        .singleElement()
        .extracting(ScriptedCallControl.Sent::method)
        .isEqualTo(op.portMethod);
  }

  @Test
  void a2xxWithoutJsonIsAReceiptWithoutApiId() {
    ScriptedCallControl fake =
        new ScriptedCallControl().answer(PlivoResponse.text(201, null, "Created"));
    assertThat(handoff(fake).warmTransfer(WARM))
        .isEqualTo(new Receipt(201, null, null, List.of(), "the body is not a JSON object"));
  }

  static Stream<Arguments> everyOperationAndFailure() {
    return Stream.of(Op.values())
        .flatMap(op -> Stream.of(Failure.values()).map(failure -> Arguments.of(op, failure)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyOperationAndFailure")
  void failuresReachTheCallerWithTheSameTypeBlockingAndAsync(Op op, Failure failure) {
    ScriptedCallControl fake = new ScriptedCallControl();
    failure.script.accept(fake);
    failure.script.accept(fake);
    Handoff handoff = handoff(fake, b -> b.retryPolicy(RetryPolicy.none()));

    Throwable blocking = catchThrowable(() -> op.blocking.apply(handoff));
    assertThat(blocking).isExactlyInstanceOf(failure.type);

    CompletableFuture<?> future = op.async.apply(handoff);
    Throwable async =
        assertThat(future)
            .failsWithin(WAIT)
            .withThrowableOfType(ExecutionException.class)
            .actual()
            .getCause();
    assertThat(async).isExactlyInstanceOf(failure.type);
    assertThat(fake.sent).hasSize(2);

    if (blocking instanceof PlivoErrorException plivo) {
      assertThat(((PlivoErrorException) async).status()).isEqualTo(plivo.status());
    }
    if (failure.delivery != null) {
      assertThat(((TransportFailureException) blocking).delivery()).isEqualTo(failure.delivery);
      assertThat(((TransportFailureException) async).delivery()).isEqualTo(failure.delivery);
    }
    assertThat(blocking.getMessage()).doesNotContain(HandoffConfigTest.TOKEN);
    if (failure != Failure.TRANSPORT_UNKNOWN && failure != Failure.TRANSPORT_NOT_SENT) {
      // Those two pass the transport's own exception through, message and all.
      assertThat(blocking.getMessage()).contains(op.request().displayName());
    }
  }

  @Test
  void aReadIsRetriedOnAServerErrorAndABrokenConnectionButATransferNever() {
    ReadLiveCall read = new ReadLiveCall(CALL.callUuid());
    ScriptedCallControl fake =
        new ScriptedCallControl()
            .answer(500)
            .fail(new java.io.IOException("reset"))
            .answer(200, "call_uuid", CALL.callUuid().value(), "call_status", "in-progress");
    LiveCall call = handoff(fake).readLiveCall(read);
    assertThat(call.callStatus()).isEqualTo("in-progress");
    assertThat(fake.sent).hasSize(3).allSatisfy(s -> assertThat(s.request()).isSameAs(read));
    assertThat(TestWires.wire(read).path())
        .isEqualTo(
            "v1/Account/"
                + TestWires.CREDENTIALS.authId()
                + "/Call/"
                + CALL.callUuid().value()
                + "/?status=live");
    assertThat(TestWires.wire(read).method()).isEqualTo(Wire.Method.GET);

    ScriptedCallControl transfer = new ScriptedCallControl().answer(500).answer(202);
    PlivoUnavailableException unknown =
        catchThrowableOfType(
            PlivoUnavailableException.class, () -> handoff(transfer).transferCall(CALL));
    assertThat(unknown.mayHaveTakenEffect()).isTrue();
    assertThat(unknown.isSafeToResend()).isFalse();
    assertThat(transfer.sent).hasSize(1);
  }

  @Test
  void aTooLarge2xxIsAReceiptSayingTheBodyWasNotReadAndTheEventCarriesTheApiId() {
    Wire wire = TestWires.wire(CALL);
    ScriptedCallControl fake = new ScriptedCallControl().fail(wire.responseTooLarge(202));
    Receipt receipt = handoff(fake).transferCall(CALL);
    assertThat(receipt.status()).isEqualTo(202);
    assertThat(receipt.apiId()).isNull();
    assertThat(receipt.unreadableBody()).isEqualTo("the body is larger than 1048576 bytes");
    assertThat(fake.sent).hasSize(1);

    List<String> apiIds = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScriptedCallControl accepted =
        new ScriptedCallControl()
            .answer(
                PlivoResponse.json(
                    202,
                    null,
                    java.util.Map.of(
                        "api_id", "a-1",
                        "message", "transfer executed",
                        "call_uuids", List.of("u-1", "u-2"))));
    Handoff listened =
        handoff(
            accepted,
            b ->
                b.listener(
                    new TransferListener() {
                      @Override
                      public void operationSucceeded(
                          PlivoRequest request,
                          int attempts,
                          Duration elapsed,
                          @Nullable String apiId) {
                        apiIds.add(String.valueOf(apiId));
                      }
                    }));
    Receipt executed = listened.transferCall(CALL);
    assertThat(executed.message()).isEqualTo("transfer executed");
    assertThat(executed.callUuids()).containsExactly("u-1", "u-2");
    assertThat(apiIds).containsExactly("a-1");
  }

  @Test
  void rateLimitedIsTriedThreeTimesByDefault() {
    ScriptedCallControl fake =
        new ScriptedCallControl().answer(429).answer(429).answer(429).answer(201);
    assertThatThrownBy(() -> handoff(fake).warmTransfer(WARM))
        .isExactlyInstanceOf(RateLimitedException.class);
    assertThat(fake.sent).hasSize(3);
  }

  @Test
  void rateLimitedThenAcceptedSucceeds() {
    ScriptedCallControl fake =
        new ScriptedCallControl().answer(json(429, "0")).answer(429).answer(201, "api_id", "ok");
    assertThat(handoff(fake).transferCall(CALL)).isEqualTo(new Receipt(201, "ok"));
    assertThat(fake.sent).hasSize(3).allSatisfy(s -> assertThat(s.request()).isSameAs(CALL));
  }

  @Test
  void notSentIsRetried() {
    ScriptedCallControl fake =
        new ScriptedCallControl()
            .fail(TestWires.failure(new ConnectException("refused")))
            .fail(new ConnectException("refused"))
            .answer(201, "api_id", "ok");
    assertThat(handoff(fake).warmTransfer(WARM)).isEqualTo(new Receipt(201, "ok"));
    assertThat(fake.sent).hasSize(3);
  }

  @Test
  void unavailableWithRetryAfterIsRetried() {
    ScriptedCallControl fake = new ScriptedCallControl().answer(json(503, "0")).answer(201);
    assertThat(handoff(fake).coldTransfer(COLD).status()).isEqualTo(201);
    assertThat(fake.sent).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void serverErrorsAreNeverRetried(int status) {
    ScriptedCallControl fake = new ScriptedCallControl().answer(status).answer(201);
    assertThatThrownBy(() -> handoff(fake).warmTransfer(WARM))
        .isExactlyInstanceOf(PlivoUnavailableException.class);
    assertThat(fake.sent).hasSize(1);
  }

  @Test
  void unknownDeliveryIsNeverRetried() {
    ScriptedCallControl fake =
        new ScriptedCallControl().fail(TestWires.failure(new IOException("reset"))).answer(201);
    assertThatThrownBy(() -> handoff(fake).warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class);
    assertThat(fake.sent).hasSize(1);

    ScriptedCallControl raw = new ScriptedCallControl().fail(new IOException("reset")).answer(201);
    assertThatThrownBy(() -> handoff(raw).warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class)
        .extracting(e -> ((TransportFailureException) e).delivery())
        .isEqualTo(Delivery.UNKNOWN);
    assertThat(raw.sent).hasSize(1);
  }

  @Test
  void aRetryAfterBeyondTheDeadlineEndsTheOperationAtOnce() {
    ScriptedCallControl fake = new ScriptedCallControl().answer(json(429, "2")).answer(201);
    Handoff handoff = handoff(fake, b -> b.timeout(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(RateLimitedException.class);
    assertThat(fake.sent).hasSize(1);
  }

  @Test
  void theDeadlineFailsTheOperationAndCancelsTheAttempt() {
    ScriptedCallControl fake = new ScriptedCallControl().hang();
    Handoff handoff = handoff(fake, b -> b.timeout(Duration.ofMillis(100)));
    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(DeadlineExceededException.class)
        .satisfies(
            e -> {
              DeadlineExceededException deadline = (DeadlineExceededException) e;
              assertThat(deadline.timeout()).isEqualTo(Duration.ofMillis(100));
              assertThat(deadline.delivery()).isEqualTo(Delivery.UNKNOWN);
            });
    fake.attempt(0).awaitCancelled();
  }

  @Test
  void theDeadlineFailsTheAsyncFormToo() {
    ScriptedCallControl fake = new ScriptedCallControl().hang();
    RecordingListener listener = new RecordingListener();
    Handoff handoff = handoff(fake, b -> b.timeout(Duration.ofMillis(50)).listener(listener));
    CompletableFuture<MultiPartyCallNode> future = handoff.readNodeAsync(READ);
    assertThat(future)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseExactlyInstanceOf(DeadlineExceededException.class);
    fake.attempt(0).awaitCancelled();
    assertThat(listener.events)
        .containsExactly(
            "operationStarted read_node",
            "attemptStarted 1",
            "operationFailed 1 DeadlineExceededException");
  }

  @Test
  void theDeadlineSweepServesOperationsOneAfterAnotherAndTogether() {
    Duration timeout = Duration.ofMillis(30);
    ScriptedCallControl fake =
        new ScriptedCallControl().hang().hang().answer(201, "api_id", "r1").hang().hang();
    Handoff handoff = handoff(fake, b -> b.timeout(timeout));

    // Two in flight together: each gets its own deadline, never before its timeout.
    long started = System.nanoTime();
    CompletableFuture<Receipt> first = handoff.warmTransferAsync(WARM);
    CompletableFuture<Receipt> second = handoff.warmTransferAsync(WARM);
    for (CompletableFuture<Receipt> future : List.of(first, second)) {
      assertThat(future)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseExactlyInstanceOf(DeadlineExceededException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(timeout);
    fake.attempt(0).awaitCancelled();
    fake.attempt(1).awaitCancelled();

    // Nothing in flight after a success: the sweep may stop, and must start again for the next.
    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("r1");
    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> handoff.warmTransfer(WARM))
          .isExactlyInstanceOf(DeadlineExceededException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
    }
    assertThat(fake.sent).hasSize(5);
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheAttempt() throws InterruptedException {
    ScriptedCallControl fake = new ScriptedCallControl().hang();
    RecordingListener listener = new RecordingListener();
    Handoff handoff = handoff(fake, b -> b.listener(listener));
    CompletableFuture<Receipt> future = handoff.memberActionAsync(HOLD);
    fake.awaitSent(1);
    assertThat(future.cancel(true)).isTrue();
    fake.attempt(0).awaitCancelled();
    assertThat(listener.events)
        .containsExactly(
            "operationStarted hold", "attemptStarted 1", "operationFailed 1 CancellationException");
  }

  @Test
  void closeFailsOperationsInFlightClosesTheTransportOnceAndStopsTheTimer()
      throws InterruptedException {
    Set<Thread> before = timerThreads();
    ScriptedCallControl fake = new ScriptedCallControl().hang();
    Handoff handoff = Handoff.create(fake, HandoffConfig.of(HandoffConfigTest.CREDENTIALS));
    CompletableFuture<Receipt> inFlight = handoff.warmTransferAsync(WARM);
    Set<Thread> started = timerThreads();
    started.removeAll(before);
    assertThat(started).as("the operation's timer thread").isNotEmpty();

    handoff.close();

    assertThat(inFlight)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseExactlyInstanceOf(TransportFailureException.class)
        .satisfies(
            e ->
                assertThat(((TransportFailureException) e.getCause()).delivery())
                    .isEqualTo(Delivery.UNKNOWN));
    fake.attempt(0).awaitCancelled();
    assertThat(fake.closes).hasValue(1);

    handoff.close();
    assertThat(fake.closes).hasValue(1);

    assertThatThrownBy(() -> handoff.warmTransferAsync(WARM))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("this Handoff is closed; warm transfer was not sent");
    for (Op op : Op.values()) {
      assertThatThrownBy(() -> op.blocking.apply(handoff))
          .isExactlyInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> op.async.apply(handoff))
          .isExactlyInstanceOf(IllegalStateException.class);
    }
    assertThat(fake.sent).hasSize(1);

    for (Thread thread : started) {
      thread.join(WAIT.toMillis());
      assertThat(thread.isAlive()).as(thread.getName() + " alive").isFalse();
    }
  }

  @Test
  void closeDuringARetryWaitFailsTheOperationWithoutAnotherAttempt() throws InterruptedException {
    ScriptedCallControl fake = new ScriptedCallControl().answer(json(429, "5")).answer(201);
    Handoff handoff = handoff(fake);
    CompletableFuture<Receipt> future = handoff.warmTransferAsync(WARM);
    fake.awaitSent(1);
    handoff.close();
    assertThat(future)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TransportFailureException.class);
    assertThat(fake.sent).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void blockingOnANonBlockingThreadFailsAtOnceAndSendsNothing(Op op) {
    ScriptedCallControl fake = succeeding(op);
    fake.nonBlockingThread = true;
    Handoff handoff = handoff(fake);
    assertThatThrownBy(() -> op.blocking.apply(handoff))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call " + op.asyncName + " instead")
        .hasMessageContaining(Thread.currentThread().getName());
    assertThat(fake.sent).isEmpty();

    assertThat(op.async.apply(handoff)).succeedsWithin(WAIT).isEqualTo(expectedSuccess(op));
  }

  @Test
  void listenerSeesEveryEventOfASuccessInOrder() {
    RecordingListener listener = new RecordingListener();
    ScriptedCallControl fake =
        new ScriptedCallControl().answer(json(429, "0")).answer(201, "api_id", "a");
    handoff(fake, b -> b.listener(listener)).warmTransfer(WARM);
    assertThat(listener.events)
        .containsExactly(
            "operationStarted warm_transfer",
            "attemptStarted 1",
            "responseReceived 1 429",
            "retryScheduled 1 RateLimitedException",
            "attemptStarted 2",
            "responseReceived 2 201",
            "operationSucceeded 2");
    // Retry-After: 0, plus its random extra of at most 100 ms.
    assertThat(listener.delays)
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(100)));
  }

  @Test
  void listenerSeesEveryEventOfAFailureInOrder() {
    RecordingListener listener = new RecordingListener();
    ScriptedCallControl fake =
        new ScriptedCallControl().fail(new ConnectException("refused")).answer(500);
    Handoff handoff = handoff(fake, b -> b.listener(listener));
    assertThatThrownBy(() -> handoff.addMember(ADD))
        .isExactlyInstanceOf(PlivoUnavailableException.class);
    assertThat(listener.events)
        .containsExactly(
            "operationStarted call",
            "attemptStarted 1",
            "attemptFailed 1 NOT_SENT",
            "retryScheduled 1 TransportFailureException",
            "attemptStarted 2",
            "responseReceived 2 500",
            "operationFailed 2 PlivoUnavailableException");
    assertThat(listener.delays.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
  }

  @Test
  void theFinalEventComesBeforeTheFutureCompletes() {
    AtomicReference<CompletableFuture<?>> result = new AtomicReference<>();
    List<String> seen = new ArrayList<>();
    TransferListener listener =
        new TransferListener() {
          @Override
          public void operationSucceeded(
              PlivoRequest request, int attempts, Duration elapsed, @Nullable String apiId) {
            seen.add("succeeded, done=" + result.get().isDone());
          }

          @Override
          public void operationFailed(
              PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
            seen.add("failed, done=" + result.get().isDone());
          }
        };
    CompletableFuture<PlivoResponse> first = new CompletableFuture<>();
    CompletableFuture<PlivoResponse> second = new CompletableFuture<>();
    ScriptedCallControl fake = new ScriptedCallControl().pending(first).pending(second);
    Handoff handoff = handoff(fake, b -> b.listener(listener).retryPolicy(RetryPolicy.none()));

    result.set(handoff.warmTransferAsync(WARM));
    first.complete(json(201, null));
    assertThat(result.get()).isCompleted();

    result.set(handoff.warmTransferAsync(WARM));
    second.complete(json(404, null));
    assertThat(result.get()).isCompletedExceptionally();

    assertThat(seen).containsExactly("succeeded, done=false", "failed, done=false");
  }

  @Test
  void aThrowingListenerDoesNotChangeTheOutcome() {
    TransferListener throwing =
        new TransferListener() {
          @Override
          public void operationStarted(PlivoRequest request) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void attemptStarted(PlivoRequest request, int attempt) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void responseReceived(PlivoRequest request, int attempt, int status) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void attemptFailed(
              PlivoRequest request, int attempt, dev.handoff.model.HandoffException failure) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void retryScheduled(
              PlivoRequest request,
              int attempt,
              Duration delay,
              dev.handoff.model.HandoffException reason) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void operationSucceeded(
              PlivoRequest request, int attempts, Duration elapsed, @Nullable String apiId) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void operationFailed(
              PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
            throw new IllegalStateException("listener bug");
          }
        };
    ScriptedCallControl fake =
        new ScriptedCallControl()
            .answer(json(429, "0"))
            .fail(new ConnectException("refused"))
            .answer(201, "api_id", "ok")
            .answer(404);
    Handoff handoff = handoff(fake, b -> b.listener(throwing));
    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "ok"));
    assertThat(fake.sent).hasSize(3);
    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(NotFoundException.class);
  }

  @Test
  void aListenerThrowingAnErrorNeitherStrandsTheFutureNorStopsTheDeadlines() {
    // A test's listener that asserts throws AssertionError, an Error, not a RuntimeException.
    TransferListener asserting =
        new TransferListener() {
          @Override
          public void operationFailed(
              PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
            throw new AssertionError("listener assertion");
          }
        };
    ScriptedCallControl fake = new ScriptedCallControl().hang().hang();
    Handoff handoff = handoff(fake, b -> b.timeout(Duration.ofMillis(100)).listener(asserting));

    assertThat(handoff.warmTransferAsync(WARM))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseExactlyInstanceOf(DeadlineExceededException.class);
    // The deadline sweep survived the listener's error: the next timeout fires too.
    assertThat(handoff.readNodeAsync(READ))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseExactlyInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void interruptingABlockingCallerCancelsTheAttemptAndKeepsTheInterrupt()
      throws InterruptedException {
    ScriptedCallControl fake = new ScriptedCallControl().hang();
    Handoff handoff = handoff(fake);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                handoff.warmTransfer(WARM);
              } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              }
            },
            "blocking-caller");
    caller.start();
    fake.awaitSent(1);
    caller.interrupt();
    caller.join(WAIT.toMillis());
    assertThat(caller.isAlive()).isFalse();

    assertThat(thrown.get())
        .isExactlyInstanceOf(TransportFailureException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(((TransportFailureException) thrown.get()).delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(stillInterrupted).isTrue();
    fake.attempt(0).awaitCancelled();
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void blockingFormsRunTheirAttemptOnTheCallersThread(Op op) {
    CallerThreadCallControl transport = new CallerThreadCallControl();
    if (op == Op.READ_NODE) {
      transport.answer(200, "api_id", "r1", "phlo_id", "phlo-1", "node_id", "node-1");
    } else {
      transport.answer(op == Op.TRANSFER_CALL ? 202 : 201, "api_id", "r1", "error", "");
    }
    Handoff handoff = handoff(transport);

    Object result = op.blocking.apply(handoff);

    assertThat(result).isNotNull();
    assertThat(transport.blocking)
        .singleElement()
        .satisfies(
            attempt -> {
              assertThat(attempt.thread()).isSameAs(Thread.currentThread());
              assertThat(attempt.request()).isEqualTo(op.request());
              assertThat(attempt.aborted()).isFalse();
            });
    assertThat(transport.async.sent).isEmpty();
  }

  @Test
  void interruptingACallerBlockedInTheTransportAbortsItsAttempt() throws InterruptedException {
    CallerThreadCallControl transport = new CallerThreadCallControl().stall();
    Handoff handoff = handoff(transport);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              thrown.set(catchThrowable(() -> handoff.warmTransfer(WARM)));
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            },
            "blocking-caller");
    caller.start();
    transport.awaitEntered();

    caller.interrupt();
    caller.join(WAIT.toMillis()); // the timeout is 15 s: only the sweep's interrupt check ends it

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isExactlyInstanceOf(TransportFailureException.class)
        .hasMessageContaining("interrupted while waiting")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(((TransportFailureException) thrown.get()).delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(stillInterrupted).isTrue();
    assertThat(transport.blocking.get(0).aborted()).isTrue();
  }

  @Test
  void theDeadlineAbortsAnAttemptBlockedInTheTransport() {
    CallerThreadCallControl transport = new CallerThreadCallControl().stall();
    Handoff handoff = handoff(transport, b -> b.timeout(Duration.ofMillis(100)));

    assertThatThrownBy(() -> handoff.readNode(READ))
        .isExactlyInstanceOf(DeadlineExceededException.class);
    assertThat(transport.blocking.get(0).aborted()).isTrue();
  }

  @Test
  void closeAbortsAnAttemptBlockedInTheTransport() throws Exception {
    CallerThreadCallControl transport = new CallerThreadCallControl().stall();
    Handoff handoff = handoff(transport);
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    new Thread(() -> thrown.complete(catchThrowable(() -> handoff.memberAction(HOLD)))).start();
    transport.awaitEntered();

    handoff.close();

    assertThat(thrown.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN));
    assertThat(transport.blocking.get(0).aborted()).isTrue();
  }

  @Test
  void aCallerInterruptedBeforehandSendsNothing() {
    CallerThreadCallControl transport = new CallerThreadCallControl();
    Handoff handoff = handoff(transport);
    Thread.currentThread().interrupt();
    Throwable thrown;
    boolean stillInterrupted;
    try {
      thrown = catchThrowable(() -> handoff.warmTransfer(WARM));
    } finally {
      stillInterrupted = Thread.interrupted(); // and clears it for the next test
    }

    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT))
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(stillInterrupted).isTrue();
    assertThat(transport.blocking).isEmpty();
    assertThat(transport.async.sent).isEmpty();
  }

  @Test
  void anAnswerThatArrivesWithAnInterruptIsKept() {
    CallerThreadCallControl transport =
        new CallerThreadCallControl() {
          @Override
          public PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
            PlivoResponse answer = super.sendBlocking(wire, abort);
            Thread.currentThread().interrupt(); // interrupted just as the answer came
            return answer;
          }
        }.answer(201, "api_id", "r1", "error", "");
    Handoff handoff = handoff(transport);
    Receipt receipt;
    try {
      receipt = handoff.warmTransfer(WARM);
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }

    assertThat(receipt.apiId()).isEqualTo("r1");
  }

  @Test
  void aRetryAfterABlockingAttemptIsSentAsynchronously() {
    CallerThreadCallControl transport =
        new CallerThreadCallControl()
            .fail(
                Failures.get()
                    .transportFailure(
                        WARM, Delivery.NOT_SENT, "connection refused", new ConnectException()));
    transport.async.answer(201, "api_id", "r2", "error", "");
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.retryPolicy(
                    new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO)));

    Receipt receipt = handoff.warmTransfer(WARM);

    assertThat(receipt.apiId()).isEqualTo("r2");
    assertThat(transport.blocking).hasSize(1);
    assertThat(transport.async.sent)
        .singleElement()
        .satisfies(attempt -> assertThat(attempt.method()).isEqualTo("send"));
  }

  @Test
  void nullRequestsAreNamed() {
    Handoff handoff = handoff(new ScriptedCallControl());
    assertThatThrownBy(() -> handoff.warmTransferAsync(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("transfer == null");
    assertThatThrownBy(() -> handoff.readNode(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("read == null");
    assertThatThrownBy(() -> Handoff.create(null, HandoffConfig.of(HandoffConfigTest.CREDENTIALS)))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("callControl == null");
  }

  private static Set<Thread> timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("handoff-timer-"))
        .collect(Collectors.toSet());
  }
}
