package dev.handoff;

import static dev.handoff.OpenHandoffs.WARM;
import static dev.handoff.ScriptedCallControl.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.IdempotencyStore.ClaimAndPermit;
import dev.handoff.model.CoordinationUnavailableException;
import dev.handoff.model.Delivery;
import dev.handoff.model.DuplicateInDoubtException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.RateBudgetExhaustedException;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rate budget and idempotency keys in core, with the in-memory stores. */
class FleetTest {
  private final OpenHandoffs handoffs = new OpenHandoffs();
  private static final IdempotencyKey KEY = IdempotencyKey.of("click-123");
  private static final Duration HOUR = Duration.ofHours(1);

  @AfterEach
  void closeAll() {
    handoffs.close();
  }

  @Test
  void aDuplicateGetsTheFirstReceiptAndIsNotSent() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    IdempotencyStore store = IdempotencyStore.inMemory();
    Handoff first = handoffs.open(transport, b -> b.idempotencyStore(store));
    Handoff second = handoffs.open(new ScriptedCallControl(), b -> b.idempotencyStore(store));

    Receipt one = first.withIdempotencyKey(KEY).warmTransfer(WARM);
    Receipt two = second.withIdempotencyKey(KEY).warmTransfer(WARM);

    assertThat(one).isEqualTo(new Receipt(201, "a1"));
    assertThat(two).isEqualTo(one);
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void withoutAKeyNothingIsDeduplicated() {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(201, "api_id", "a1").answer(201, "api_id", "a2");
    Handoff handoff =
        handoffs.open(transport, b -> b.idempotencyStore(IdempotencyStore.inMemory()));
    handoff.warmTransfer(WARM);
    handoff.warmTransfer(WARM);
    assertThat(transport.sent).hasSize(2);
  }

  @Test
  void aKeyReusedForAnotherRequestIsRefusedAndNothingIsSent() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    Handoff handoff =
        handoffs.open(transport, b -> b.idempotencyStore(IdempotencyStore.inMemory()));
    handoff.withIdempotencyKey(KEY).warmTransfer(WARM);
    WarmTransfer other =
        WarmTransfer.builder()
            .phloId(WARM.phloId())
            .nodeId(WARM.nodeId())
            .triggerSource("+14152223333")
            .to("+14152226666")
            .build();

    Throwable thrown = catchThrowable(() -> handoff.withIdempotencyKey(KEY).warmTransfer(other));
    Throwable async =
        catchThrowable(() -> handoff.withIdempotencyKey(KEY).warmTransferAsync(other).join());

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different");
    assertThat(async).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void aClaimIsKeptAfterA5xxAndADuplicateIsInDoubt() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(json(500, null));
    Handoff handoff =
        handoffs.open(
            transport,
            b -> b.retryPolicy(RetryPolicy.none()).idempotencyStore(IdempotencyStore.inMemory()));
    catchThrowable(() -> handoff.withIdempotencyKey(KEY).warmTransfer(WARM));

    Throwable duplicate = catchThrowable(() -> handoff.withIdempotencyKey(KEY).warmTransfer(WARM));

    assertThat(duplicate).isInstanceOf(DuplicateInDoubtException.class);
    DuplicateInDoubtException inDoubt = (DuplicateInDoubtException) duplicate;
    assertThat(inDoubt.mayHaveTakenEffect()).isTrue();
    assertThat(inDoubt.isSafeToResend()).isFalse();
    assertThat(inDoubt.getMessage()).contains("readLiveCall");
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void aClaimIsReleasedAfterA4xxSoTheNextOneIsSent() {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(json(404, null)).answer(201, "api_id", "a2");
    Handoff handoff =
        handoffs.open(transport, b -> b.idempotencyStore(IdempotencyStore.inMemory()));
    assertThat(catchThrowable(() -> handoff.withIdempotencyKey(KEY).warmTransfer(WARM)))
        .isInstanceOf(NotFoundException.class);

    assertThat(handoff.withIdempotencyKey(KEY).warmTransfer(WARM).apiId()).isEqualTo("a2");
    assertThat(transport.sent).hasSize(2);
  }

  @Test
  void aDuplicateInFlightWaitsForTheFirstOutcome() throws Exception {
    CompletableFuture<PlivoResponse> answer = new CompletableFuture<>();
    ScriptedCallControl transport = new ScriptedCallControl().pending(answer);
    Handoff handoff =
        handoffs.open(transport, b -> b.idempotencyStore(IdempotencyStore.inMemory()));
    CompletableFuture<Receipt> first = handoff.withIdempotencyKey(KEY).warmTransferAsync(WARM);
    transport.awaitSent(1);
    CompletableFuture<Receipt> second = handoff.withIdempotencyKey(KEY).warmTransferAsync(WARM);
    assertThat(second).isNotDone();

    answer.complete(json(201, null, "api_id", "a1"));

    assertThat(first.get(5, TimeUnit.SECONDS).apiId()).isEqualTo("a1");
    assertThat(second.get(5, TimeUnit.SECONDS).apiId()).isEqualTo("a1");
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void aFailingIdempotencyStoreFailsClosedByDefault() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    List<String> events = new CopyOnWriteArrayList<>();
    Handoff handoff =
        handoffs.open(
            transport, b -> b.idempotencyStore(new BrokenStore()).listener(recorder(events)));

    Throwable thrown = catchThrowable(() -> handoff.withIdempotencyKey(KEY).warmTransfer(WARM));

    assertThat(thrown).isInstanceOf(CoordinationUnavailableException.class);
    assertThat(((TransportFailureException) thrown).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(events).containsExactly("idempotency store FAIL_CLOSED");
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void aFailingIdempotencyStoreMayFailOpen() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    Handoff handoff =
        handoffs.open(
            transport,
            b -> b.idempotencyStore(new BrokenStore(), Duration.ofHours(1), FailureMode.FAIL_OPEN));
    assertThat(handoff.withIdempotencyKey(KEY).warmTransfer(WARM).apiId()).isEqualTo("a1");
  }

  @Test
  void anExhaustedBudgetFailsAtOnceNotSent() {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(201, "api_id", "a1").answer(201, "api_id", "a2");
    RateBudget budget = RateBudget.inMemory(new RateLimit(2, Duration.ofHours(1)));
    Handoff handoff = handoffs.open(transport, b -> b.rateBudget(budget));
    handoff.warmTransfer(WARM);
    handoff.warmTransfer(WARM);

    Throwable thrown = catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(thrown).isInstanceOf(RateBudgetExhaustedException.class);
    assertThat(((TransportFailureException) thrown).delivery()).isEqualTo(Delivery.NOT_SENT);
    assertThat(thrown.getMessage()).contains("rate budget is exhausted");
    assertThat(transport.sent).hasSize(2);
  }

  @Test
  void anAttemptWaitsForAPermitWithinTheDeadline() throws Exception {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(201, "api_id", "a1").answer(201, "api_id", "a2");
    List<String> events = new CopyOnWriteArrayList<>();
    RateBudget budget = RateBudget.inMemory(new RateLimit(1, Duration.ofMillis(200)));
    Handoff handoff =
        handoffs.open(transport, b -> b.rateBudget(budget).listener(recorder(events)));
    handoff.warmTransfer(WARM);
    long start = System.nanoTime();

    assertThat(handoff.warmTransferAsync(WARM).get(5, TimeUnit.SECONDS).apiId()).isEqualTo("a2");

    assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(100).toNanos());
    assertThat(events).isNotEmpty().allMatch(e -> e.startsWith("wait 1 "));
  }

  @Test
  void aFailingBudgetFailsOpenByDefaultAndMayFailClosed() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    List<String> events = new CopyOnWriteArrayList<>();
    Handoff open =
        handoffs.open(transport, b -> b.rateBudget(new BrokenBudget()).listener(recorder(events)));
    assertThat(open.warmTransfer(WARM).apiId()).isEqualTo("a1");
    assertThat(events).containsExactly("rate budget FAIL_OPEN");

    ScriptedCallControl closedTransport = new ScriptedCallControl();
    Handoff closed =
        handoffs.open(
            closedTransport, b -> b.rateBudget(new BrokenBudget(), FailureMode.FAIL_CLOSED));
    assertThat(catchThrowable(() -> closed.warmTransfer(WARM)))
        .isInstanceOf(CoordinationUnavailableException.class);
    assertThat(closedTransport.sent).isEmpty();
  }

  @Test
  void waitersOfAnExhaustedBudgetQueueBehindOneTimerInsteadOfEachAskingAgain() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl();
    for (int i = 0; i < 12; i++) {
      transport.answer(201, "api_id", "a" + i);
    }
    CountingBudget budget =
        new CountingBudget(RateBudget.inMemory(new RateLimit(2, Duration.ofMillis(150))));
    Handoff handoff =
        handoffs.open(transport, b -> b.rateBudget(budget).timeout(Duration.ofSeconds(20)));
    handoff.warmTransfer(WARM);
    handoff.warmTransfer(WARM); // exhausted now

    List<CompletableFuture<Receipt>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waiting.add(handoff.warmTransferAsync(WARM));
    }
    for (CompletableFuture<Receipt> receipt : waiting) {
      assertThat(receipt.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
    }

    assertThat(transport.sent).hasSize(12);
    // Queued: per window two grants and one refusal for the head (about 18 calls for 12
    // transfers), where each waiter asking again when told would make about 40.
    assertThat(budget.acquired.get()).isLessThanOrEqualTo(24);
    // Each permit is released after its answer was relayed, so perhaps after the receipt.
    assertThat(budget.releases.tryAcquire(12, 5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aKeyedTransferClaimsWithItsPermitAndSettlesWithItsRelease() {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    CountingBudget budget = new CountingBudget(RateBudget.inMemory(new RateLimit(5, HOUR)));
    List<String> calls = new CopyOnWriteArrayList<>();
    IdempotencyStore memory = IdempotencyStore.inMemory();
    IdempotencyStore store =
        new IdempotencyStore() {
          @Override
          public CompletionStage<Optional<String>> putIfAbsent(
              String key, String value, Duration ttl) {
            calls.add("putIfAbsent");
            return memory.putIfAbsent(key, value, ttl);
          }

          @Override
          public CompletionStage<Optional<String>> get(String key) {
            calls.add("get");
            return memory.get(key);
          }

          @Override
          public CompletionStage<Boolean> replace(
              String key, String expected, String value, Duration ttl) {
            calls.add("replace");
            return memory.replace(key, expected, value, ttl);
          }

          @Override
          public CompletionStage<Boolean> remove(String key, String expected) {
            calls.add("remove");
            return memory.remove(key, expected);
          }

          @Override
          public CompletionStage<ClaimAndPermit> putIfAbsentAndAcquire(
              String key,
              String value,
              Duration ttl,
              RateBudget budget,
              String budgetKey,
              Duration hold) {
            calls.add("claim+permit");
            return IdempotencyStore.super.putIfAbsentAndAcquire(
                key, value, ttl, budget, budgetKey, hold);
          }

          @Override
          public CompletionStage<Boolean> settleAndRelease(
              String key,
              String expected,
              String value,
              Duration ttl,
              RateBudget budget,
              List<RateBudget.Permit> permits) {
            calls.add("settle+release " + permits.size());
            return IdempotencyStore.super.settleAndRelease(
                key, expected, value, ttl, budget, permits);
          }
        };
    Handoff handoff = handoffs.open(transport, b -> b.rateBudget(budget).idempotencyStore(store));

    assertThat(handoff.withIdempotencyKey(KEY).warmTransfer(WARM).apiId()).isEqualTo("a1");
    assertThat(handoff.withIdempotencyKey(KEY).warmTransfer(WARM).apiId()).isEqualTo("a1");

    // The duplicate answers from the store: no permit, nothing sent.
    assertThat(calls)
        .containsExactly(
            "claim+permit",
            "putIfAbsent",
            "settle+release 1",
            "replace",
            "claim+permit",
            "putIfAbsent");
    assertThat(budget.acquired).hasValue(1);
    assertThat(budget.released).hasValue(1);
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void aFailingReleaseIsAnEventNotAFailure() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().answer(201, "api_id", "a1");
    List<String> events = new CopyOnWriteArrayList<>();
    RateBudget memory = RateBudget.inMemory(new RateLimit(5, HOUR));
    RateBudget budget =
        new RateBudget() {
          @Override
          public RateLimit limit() {
            return memory.limit();
          }

          @Override
          public CompletionStage<Permit> tryAcquire(String key, Duration hold) {
            return memory.tryAcquire(key, hold);
          }

          @Override
          public CompletionStage<Void> release(Permit permit) {
            return CompletableFuture.failedFuture(new IllegalStateException("budget down"));
          }
        };
    java.util.concurrent.Semaphore heard = new java.util.concurrent.Semaphore(0);
    TransferListener recorder = recorder(events);
    TransferListener listener =
        new TransferListener() {
          @Override
          public void coordinationFailed(
              PlivoRequest request, String store, FailureMode mode, Throwable cause) {
            recorder.coordinationFailed(request, store, mode, cause);
            heard.release();
          }
        };
    Handoff handoff = handoffs.open(transport, b -> b.rateBudget(budget).listener(listener));

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("a1");
    // The release comes after the answer was relayed: the event may follow the receipt.
    assertThat(heard.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(events).containsExactly("rate budget FAIL_OPEN");
  }

  @Test
  void theMemoryBudgetNeverLetsMoreThanNIntoAnyWindow() {
    AtomicLong now = new AtomicLong();
    MemoryRateBudget budget =
        new MemoryRateBudget(new RateLimit(3, Duration.ofNanos(1_000_000)), now::get);
    // A token bucket of 3 refilled at 3/ms would let 6 through around t = 1 ms; a sliding log 3.
    assertThat(take(budget, 3)).isEqualTo(3);
    now.set(999_999);
    assertThat(take(budget, 3)).isZero();
    assertThat(budget.tryAcquire("k", Duration.ZERO).toCompletableFuture().join().retryAfter())
        .isEqualTo(Duration.ofNanos(1));
    now.set(1_000_000);
    assertThat(take(budget, 3)).isEqualTo(3);
    assertThat(take(budget, 1)).isZero();
  }

  @Test
  void rateLimitsParse() {
    assertThat(RateLimit.parse("300/5s")).isEqualTo(RateLimit.PLIVO);
    assertThat(RateLimit.parse("10/500ms")).isEqualTo(new RateLimit(10, Duration.ofMillis(500)));
    assertThat(RateLimit.parse("4/3")).isEqualTo(new RateLimit(4, Duration.ofSeconds(3)));
    assertThat(catchThrowable(() -> RateLimit.parse("fast")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> RateLimit.parse("0/1s")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storedResponsesRoundTrip() {
    PlivoResponse response =
        new PlivoResponse(
            202,
            "1",
            Map.of("api_id", "a&b=c|d"),
            null,
            Map.of("call_uuids", List.of("u1", "u 2")),
            null);
    assertThat(IdempotencyInterceptor.decode(IdempotencyInterceptor.encode(response)))
        .isEqualTo(response);
  }

  private static int take(RateBudget budget, int tries) {
    int taken = 0;
    for (int i = 0; i < tries; i++) {
      RateBudget.Permit permit = budget.tryAcquire("k", Duration.ZERO).toCompletableFuture().join();
      if (permit.granted()) {
        budget.release(permit); // at once: counts one window from now
        taken++;
      }
    }
    return taken;
  }

  private static TransferListener recorder(List<String> events) {
    return new TransferListener() {
      @Override
      public void rateBudgetWait(PlivoRequest request, int attempt, Duration wait) {
        events.add("wait " + attempt + " " + wait.toMillis());
      }

      @Override
      public void coordinationFailed(
          PlivoRequest request, String store, FailureMode mode, Throwable cause) {
        events.add(store + " " + mode);
      }
    };
  }

  /** A store whose every call fails, as one that cannot be reached. */
  private static final class BrokenStore implements IdempotencyStore {
    private static <V> CompletionStage<V> down() {
      return CompletableFuture.failedFuture(new IllegalStateException("store down"));
    }

    @Override
    public CompletionStage<Optional<String>> putIfAbsent(String key, String value, Duration ttl) {
      return down();
    }

    @Override
    public CompletionStage<Optional<String>> get(String key) {
      return down();
    }

    @Override
    public CompletionStage<Boolean> replace(
        String key, String expected, String value, Duration ttl) {
      return down();
    }

    @Override
    public CompletionStage<Boolean> remove(String key, String expected) {
      return down();
    }
  }

  /** A budget that counts the calls it answers. */
  private static final class CountingBudget implements RateBudget {
    final RateBudget inner;
    final AtomicLong acquired = new AtomicLong();
    final AtomicLong released = new AtomicLong();
    final java.util.concurrent.Semaphore releases = new java.util.concurrent.Semaphore(0);

    CountingBudget(RateBudget inner) {
      this.inner = inner;
    }

    @Override
    public RateLimit limit() {
      return inner.limit();
    }

    @Override
    public CompletionStage<Permit> tryAcquire(String key, Duration hold) {
      acquired.incrementAndGet();
      return inner.tryAcquire(key, hold);
    }

    @Override
    public CompletionStage<Void> release(Permit permit) {
      released.incrementAndGet();
      releases.release();
      return inner.release(permit);
    }
  }

  private static final class BrokenBudget implements RateBudget {
    @Override
    public RateLimit limit() {
      return RateLimit.PLIVO;
    }

    @Override
    public CompletionStage<Permit> tryAcquire(String key, Duration hold) {
      return CompletableFuture.failedFuture(new IllegalStateException("budget down"));
    }

    @Override
    public CompletionStage<Void> release(Permit permit) {
      return CompletableFuture.failedFuture(new IllegalStateException("budget down"));
    }
  }
}
