package dev.handoff.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyKey;
import dev.handoff.IdempotencyStore;
import dev.handoff.IdempotencyStore.ClaimAndPermit;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.ScriptedResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyStore} does: atomic put-if-absent, compare-and-set replace and
 * remove, expiry; and, end to end, that two Handoffs over one store with many threads sending the
 * same keyed transfer make exactly one request. The combined steps ({@link
 * IdempotencyStore#putIfAbsentAndAcquire}, {@link IdempotencyStore#settleAndRelease}) run with the
 * budget {@link #budgetSharing} pairs with the store. Extend it with a factory for the
 * implementation.
 */
public abstract class IdempotencyStoreContract {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final WarmTransfer TRANSFER =
      WarmTransfer.builder()
          .phloId(PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"))
          .nodeId(NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566"))
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A store; each call may share state with earlier ones (a fleet on one server). */
  protected abstract IdempotencyStore store();

  /**
   * A budget for {@code limit} that the store may combine its steps with (one that shares its
   * server); by default {@link RateBudget#inMemory}, which the defaults combine call by call.
   */
  protected RateBudget budgetSharing(IdempotencyStore store, RateLimit limit) {
    return RateBudget.inMemory(limit);
  }

  private RateBudget budget(IdempotencyStore store, RateLimit limit) {
    RateBudget budget = budgetSharing(store, limit);
    opened.add(budget);
    return budget;
  }

  private IdempotencyStore open() {
    IdempotencyStore store = store();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private static String key(String name) {
    return "handoff:{contract}:idem:" + name + ":" + System.nanoTime();
  }

  private static <V> V await(java.util.concurrent.CompletionStage<V> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void putIfAbsentStoresOnceAndReturnsWhatIsThere() throws Exception {
    IdempotencyStore store = open();
    String key = key("put");
    assertThat(await(store.putIfAbsent(key, "P|one", HOUR))).isEmpty();
    assertThat(await(store.putIfAbsent(key, "P|two", HOUR))).contains("P|one");
    assertThat(await(store.get(key))).contains("P|one");
    assertThat(await(store.get(key("never")))).isEmpty();
  }

  @Test
  void replaceAndRemoveOnlyWhenTheValueIsTheExpectedOne() throws Exception {
    IdempotencyStore store = open();
    String key = key("cas");
    await(store.putIfAbsent(key, "P|mine", HOUR));
    assertThat(await(store.replace(key, "P|theirs", "D|x", HOUR))).isFalse();
    assertThat(await(store.replace(key, "P|mine", "D|mine", HOUR))).isTrue();
    assertThat(await(store.get(key))).contains("D|mine");
    assertThat(await(store.remove(key, "P|mine"))).isFalse();
    assertThat(await(store.remove(key, "D|mine"))).isTrue();
    assertThat(await(store.get(key))).isEmpty();
    assertThat(await(store.replace(key, "D|mine", "D|again", HOUR))).isFalse();
  }

  @Test
  void valuesExpire() throws Exception {
    IdempotencyStore store = open();
    String key = key("ttl");
    await(store.putIfAbsent(key, "P|short", Duration.ofMillis(200)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Optional<String> value = await(store.get(key));
    while (value.isPresent() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20); // expiry is time itself: polled, bounded
      value = await(store.get(key));
    }
    assertThat(value).isEmpty();
    assertThat(await(store.putIfAbsent(key, "P|again", HOUR))).isEmpty();
  }

  @Test
  void concurrentClaimsHaveOneWinner() throws Exception {
    IdempotencyStore one = open();
    IdempotencyStore two = open();
    String key = key("race");
    AtomicInteger winners = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        IdempotencyStore store = t % 2 == 0 ? one : two;
        String value = "P|" + t;
        done.add(
            threads.submit(
                () -> {
                  if (await(store.putIfAbsent(key, value, HOUR)).isEmpty()) {
                    winners.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(winners).hasValue(1);
  }

  @Test
  void aClaimTakesAPermitOnlyWhenItStores() throws Exception {
    IdempotencyStore store = open();
    RateBudget budget = budget(store, new RateLimit(2, Duration.ofMinutes(5)));
    String key = key("claim-permit");
    String budgetKey = key("claim-budget");

    ClaimAndPermit won =
        await(store.putIfAbsentAndAcquire(key, "P|one", HOUR, budget, budgetKey, HOUR));
    ClaimAndPermit lost =
        await(store.putIfAbsentAndAcquire(key, "P|two", HOUR, budget, budgetKey, HOUR));

    assertThat(won.existing()).isEmpty();
    assertThat(won.permit()).isNotNull();
    assertThat(won.permit().granted()).isTrue();
    assertThat(won.permit().key()).isEqualTo(budgetKey);
    assertThat(lost.existing()).contains("P|one");
    assertThat(lost.permit()).as("no permit for a claim that lost").isNull();
    assertThat(await(store.get(key))).contains("P|one");
    // One of the two permits was taken: one left.
    assertThat(await(budget.tryAcquire(budgetKey, HOUR)).granted()).isTrue();
    assertThat(await(budget.tryAcquire(budgetKey, HOUR)).granted()).isFalse();
  }

  @Test
  void aClaimIsStoredEvenWhenTheBudgetIsExhausted() throws Exception {
    IdempotencyStore store = open();
    RateLimit limit = new RateLimit(1, Duration.ofMinutes(5));
    RateBudget budget = budget(store, limit);
    String budgetKey = key("exhausted-budget");
    assertThat(await(budget.tryAcquire(budgetKey, HOUR)).granted()).isTrue();
    String key = key("exhausted");

    ClaimAndPermit claim =
        await(store.putIfAbsentAndAcquire(key, "P|one", HOUR, budget, budgetKey, HOUR));

    assertThat(claim.existing()).isEmpty();
    assertThat(claim.permit()).isNotNull();
    assertThat(claim.permit().granted()).isFalse();
    assertThat(claim.permit().retryAfter()).isPositive().isLessThanOrEqualTo(limit.window());
    assertThat(await(store.get(key))).contains("P|one");
  }

  @Test
  void aSettleReplacesOrRemovesAndReleasesThePermits() throws Exception {
    IdempotencyStore store = open();
    RateLimit limit = new RateLimit(1, Duration.ofMillis(300));
    RateBudget budget = budget(store, limit);
    String budgetKey = key("settle-budget");
    String done = key("settle-done");
    String released = key("settle-released");
    RateBudget.Permit permit =
        await(store.putIfAbsentAndAcquire(done, "P|a", HOUR, budget, budgetKey, HOUR)).permit();
    assertThat(permit).isNotNull();
    assertThat(permit.granted()).isTrue();
    await(store.putIfAbsent(released, "P|b", HOUR));

    long beforeSettle = System.nanoTime();
    assertThat(await(store.settleAndRelease(done, "P|a", "D|a", HOUR, budget, List.of(permit))))
        .isTrue();
    assertThat(await(store.settleAndRelease(released, "P|b", null, HOUR, budget, List.of())))
        .isTrue();
    assertThat(await(store.settleAndRelease(released, "P|b", null, HOUR, budget, List.of())))
        .isFalse();

    assertThat(await(store.get(done))).contains("D|a");
    assertThat(await(store.get(released))).isEmpty();
    // Released: it counts one window from the settle, then a permit is free again.
    long granted = RateBudgetContract.awaitGrant(budget, budgetKey);
    assertThat(granted - beforeSettle).isGreaterThanOrEqualTo(limit.window().toNanos());
  }

  @Test
  void twoHandoffsWithABudgetTooSendOneKeyedTransferOnce() throws Exception {
    RateLimit limit = new RateLimit(100, Duration.ofMinutes(1));
    sendsOneKeyedTransferOnce(
        (builder, store) -> builder.idempotencyStore(store).rateBudget(budget(store, limit)));
  }

  @Test
  void twoHandoffsWithManyThreadsSendOneKeyedTransferOnce() throws Exception {
    sendsOneKeyedTransferOnce((builder, store) -> builder.idempotencyStore(store));
  }

  /**
   * Two Handoffs, each over its own store instance of the one shared state (configured by {@code
   * setup}), and 16 threads sending one keyed transfer on them at once: one request reaches the
   * fake, and every thread gets its receipt.
   */
  private void sendsOneKeyedTransferOnce(
      BiFunction<HandoffConfig.Builder, IdempotencyStore, HandoffConfig.Builder> setup)
      throws Exception {
    FakeCallControl plivo = FakeCallControl.create();
    plivo.enqueue(ScriptedResponse.json(201, "{\"api_id\": \"only-one\", \"message\": \"ok\"}"));
    IdempotencyKey key = IdempotencyKey.of("contract-" + System.nanoTime());
    Set<String> apiIds = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (Handoff a =
            Handoff.create(
                plivo, setup.apply(plivo.configBuilder(Fixtures.CREDENTIALS), open()).build());
        Handoff b =
            Handoff.create(
                plivo, setup.apply(plivo.configBuilder(Fixtures.CREDENTIALS), open()).build())) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Receipt>> receipts = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Handoff handoff = t % 2 == 0 ? a : b;
        receipts.add(
            threads.submit(
                () -> {
                  go.await();
                  return handoff.withIdempotencyKey(key).warmTransfer(TRANSFER);
                }));
      }
      go.countDown();
      for (Future<Receipt> receipt : receipts) {
        apiIds.add(receipt.get(30, TimeUnit.SECONDS).apiId());
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(plivo.requestCount()).isEqualTo(1);
    assertThat(apiIds).containsExactly("only-one");
  }
}
