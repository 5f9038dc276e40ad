package dev.handoff.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeCallControlTest {
  private static final PhloId PHLO = PhloId.of("phlo-1");
  private static final NodeId NODE = NodeId.of("node-1");
  private static final Address U1 = Address.of("+14152223333");
  private static final Address U2 = Address.of("+14155550100");
  private static final Address U3 = Address.of("+14152225555");
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, U1, U3);
  private static final MemberAction ABORT =
      new MemberAction(PHLO, NODE, U1, MemberActionType.ABORT_TRANSFER);

  private final CallModel model = CallModel.create("MAXXXXXXXXXXXXXXXXXX");
  private final FakeClock clock = FakeClock.create();
  private final FakeCallControl fake = FakeCallControl.create(model, clock);

  FakeCallControlTest() {
    model.node(PHLO, NODE).member(U1).member(U2);
  }

  private static final Credentials CREDENTIALS =
      new Credentials("MAXXXXXXXXXXXXXXXXXX", "test-token-0123456789abcdef");
  private static final Function<PlivoRequest, Wire> WIRES =
      Wire.describer(HandoffConfig.of(CREDENTIALS), "test");

  private CompletableFuture<PlivoResponse> send(PlivoRequest request) {
    return fake.send(WIRES.apply(request));
  }

  private static CompletableFuture<PlivoResponse> send(
      FakeCallControl plivo, PlivoRequest request) {
    return plivo.send(WIRES.apply(request));
  }

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void appliesRequestsToTheModelAndAnswersAtOnce() {
    CompletableFuture<PlivoResponse> answer = send(WARM);

    assertThat(answer).isCompleted();
    assertThat(answer.join().status()).isEqualTo(201);
    assertThat(answer.join().field("api_id")).isNotBlank();
    assertThat(model.describe(PHLO, NODE))
        .isEqualTo("+14152223333 ⇄ +14152225555 private; +14155550100 on hold");
    assertThat(send(ABORT).join().status()).isEqualTo(201);
    assertThat(model.describe(PHLO, NODE))
        .isEqualTo("+14152223333 ⇄ +14155550100; +14152225555 left");
    assertThat(send(ABORT).join().field("error"))
        .isEqualTo("No transfer in progress for +14152223333.");
  }

  @Test
  void readsNodesAndTransfersCallsOfTheModelsAccount() {
    CallUuid call = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
    model.call(call);
    WebhookUrl url = WebhookUrl.of("https://example.com/a.xml");

    assertThat(send(new ReadNode(PHLO, NODE)).join().field("node_type"))
        .isEqualTo("multi_party_call");
    assertThat(send(new CallTransfer(call, Legs.aLeg(url))).join().status()).isEqualTo(202);
    assertThat(model.legs(call).aLegUrl()).isEqualTo(url);
  }

  @Test
  void recordsEveryRequestInOrderScriptedOnesIncluded() {
    fake.enqueue(ScriptedResponse.json(500, "{}"));
    send(WARM);
    send(WARM);
    send(ABORT);

    assertThat(fake.requests()).containsExactly(WARM, WARM, ABORT);
    assertThat(fake.requestCount()).isEqualTo(3);
    fake.assertSent(WARM, WARM, ABORT);
  }

  @Test
  void assertSentFailsListingWhatWasSent() {
    send(WARM);

    assertThatThrownBy(() -> fake.assertSent(ABORT))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected FakeCallControl to have received, in order:\n  1. "
                + ABORT
                + "\nbut it received:\n  1. "
                + WARM);
    assertThatThrownBy(fake::assertNothingSent)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("WarmTransfer[");
    assertThatThrownBy(() -> FakeCallControl.create().assertSent(WARM))
        .hasMessageContaining("(nothing)");
    FakeCallControl.create().assertNothingSent();
  }

  @Test
  void scriptsAnswerInOrderWithoutChangingTheModel() {
    fake.enqueue(
            ScriptedResponse.json(429, "{\"api_id\": \"a1\", \"error\": \"slow down\"}")
                .withHeader("Retry-After", "3"))
        .enqueue(ScriptedResponse.body(502, "text/html", "<html>Bad Gateway</html>"));

    PlivoResponse first = send(WARM).join();
    assertThat(first)
        .isEqualTo(
            new PlivoResponse(
                429, "3", java.util.Map.of("api_id", "a1", "error", "slow down"), null));
    PlivoResponse second = send(WARM).join();
    assertThat(second.status()).isEqualTo(502);
    assertThat(second.nonJsonBody()).isEqualTo("<html>Bad Gateway</html>");
    assertThat(model.describe(PHLO, NODE)).isEqualTo("+14152223333 ⇄ +14155550100");
    assertThat(send(WARM).join().status()).isEqualTo(201); // the model again
  }

  @Test
  void transportFailuresCarryTheirDelivery() {
    fake.enqueue(ScriptedResponse.transportFailure(Delivery.NOT_SENT))
        .enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN))
        .enqueue(ScriptedResponse.resetAfterRequest())
        .enqueue(ScriptedResponse.disconnectDuringBody())
        .enqueue(ScriptedResponse.hugeBody(201, 2L * 1024 * 1024));

    assertThat(delivery(send(WARM))).isEqualTo(Delivery.NOT_SENT);
    for (int i = 0; i < 4; i++) {
      assertThat(delivery(send(WARM))).isEqualTo(Delivery.UNKNOWN);
    }
    assertThat(model.describe(PHLO, NODE)).isEqualTo("+14152223333 ⇄ +14155550100");
  }

  @Test
  void aSmallHugeBodyIsAnAnswerOfThatSize() {
    fake.enqueue(ScriptedResponse.hugeBody(201, 1000));

    PlivoResponse answer = send(WARM).join();

    assertThat(answer.field("padding")).hasSizeGreaterThan(900);
  }

  @Test
  void delayedAnswersCompleteWhenTheClockReachesThem() {
    fake.enqueue(
            ScriptedResponse.json(201, "{\"api_id\": \"late\"}").delayed(Duration.ofSeconds(3)))
        .enqueue(
            ScriptedResponse.transportFailure(Delivery.UNKNOWN).delayed(Duration.ofSeconds(1)));
    CompletableFuture<PlivoResponse> late = send(WARM);
    CompletableFuture<PlivoResponse> failing = send(WARM);

    clock.advance(Duration.ofMillis(999));
    assertThat(late).isNotDone();
    assertThat(failing).isNotDone();
    clock.advance(Duration.ofMillis(1));
    assertThat(delivery(failing)).isEqualTo(Delivery.UNKNOWN);
    assertThat(late).isNotDone();
    clock.advance(Duration.ofSeconds(2));
    assertThat(late.join().field("api_id")).isEqualTo("late");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void delayedAnswersUseARealTimerWithoutAClock() throws Exception {
    try (FakeCallControl real = FakeCallControl.create(model)) {
      real.enqueue(ScriptedResponse.json(201, "{}").delayed(Duration.ofMillis(10)));
      assertThat(send(real, WARM).get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
    }
  }

  @Test
  void noAnswerWaitsUntilCancelled() {
    fake.enqueue(ScriptedResponse.noAnswer());
    CompletableFuture<PlivoResponse> waiting = send(WARM);
    clock.advance(Duration.ofDays(1));
    fake.close();
    assertThat(waiting).isNotDone();

    waiting.cancel(true);

    assertThat(waiting).isCancelled();
  }

  @Test
  void closeLeavesTheFakeWorkingForWhoeverElseItIsLentTo() {
    fake.close();
    fake.close();

    assertThat(send(WARM).join().status()).isEqualTo(201);
    fake.assertSent(WARM);
  }

  @Test
  void closingASecondHandoffOnTheFakeLeavesTheFakeAndTheFirstHandoffWorking() {
    HandoffConfig config = fake.configBuilder(CREDENTIALS).build();
    try (Handoff first = Handoff.create(fake, config)) {
      fake.enqueue(ScriptedResponse.noAnswer());
      CompletableFuture<Receipt> pending = first.warmTransferAsync(WARM);
      Handoff second = Handoff.create(fake, config);
      second.close();

      assertThat(pending).as("the first Handoff's operation in flight").isNotDone();
      assertThat(first.readNode(new ReadNode(PHLO, NODE)).nodeId()).isEqualTo(NODE);
      pending.cancel(true);
    }
    assertThat(send(new ReadNode(PHLO, NODE)).join().status()).isEqualTo(200);
  }

  @Test
  void concurrentRequestsAreRecordedInTheOrderTheModelAppliedThem() throws Exception {
    int members = 40;
    CallModel.NodeSeed node = model.node(PHLO, NodeId.of("busy"));
    List<MemberAction> holds = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      Address member = Address.of("+1415000" + String.format("%04d", i));
      node.member(member);
      holds.add(new MemberAction(PHLO, NodeId.of("busy"), member, MemberActionType.HOLD));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<PlivoResponse>> answers = new ArrayList<>();
      for (MemberAction hold : holds) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return send(hold).join();
                }));
      }
      start.countDown();
      for (Future<PlivoResponse> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.requests()).containsExactlyInAnyOrderElementsOf(holds);
    assertThat(model.members(PHLO, NodeId.of("busy")))
        .allMatch(member -> member.state() == MemberState.ON_HOLD);
  }

  private static Delivery delivery(CompletableFuture<PlivoResponse> future) {
    assertThat(future).isDone();
    try {
      future.get();
      throw new AssertionError("expected a transport failure, got " + future.join());
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TransportFailureException.class);
      return ((TransportFailureException) e.getCause()).delivery();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
