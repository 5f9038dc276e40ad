package dev.handoff.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.IdempotencyKey;
import dev.handoff.IdempotencyStore;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyStore} does: atomic put-if-absent, compare-and-set replace and
 * remove, expiry; and, end to end, that two Handoffs over one store with many threads sending the
 * same keyed transfer make exactly one request. Extend it with a factory for the implementation.
 */
public abstract class IdempotencyStoreContract {
  private static final Duration HOUR = Duration.ofHours(1);
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A store; each call may share state with earlier ones (a fleet on one server). */
  protected abstract IdempotencyStore store();

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
  void twoHandoffsWithManyThreadsSendOneKeyedTransferOnce() throws Exception {
    FakeCallControl plivo = FakeCallControl.create();
    plivo.enqueue(ScriptedResponse.json(201, "{\"api_id\": \"only-one\", \"message\": \"ok\"}"));
    var credentials = Fixtures.CREDENTIALS;
    IdempotencyStore shared1 = open();
    IdempotencyStore shared2 = open();
    WarmTransfer transfer =
        WarmTransfer.builder()
            .phloId(PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"))
            .nodeId(NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566"))
            .triggerSource("+14152223333")
            .to("+14152225555")
            .build();
    IdempotencyKey key = IdempotencyKey.of("contract-" + System.nanoTime());
    Set<String> apiIds = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (Handoff a =
            Handoff.create(
                plivo, plivo.configBuilder(credentials).idempotencyStore(shared1).build());
        Handoff b =
            Handoff.create(
                plivo, plivo.configBuilder(credentials).idempotencyStore(shared2).build())) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Receipt>> receipts = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Handoff handoff = t % 2 == 0 ? a : b;
        receipts.add(
            threads.submit(
                () -> {
                  go.await();
                  return handoff.withIdempotencyKey(key).warmTransfer(transfer);
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
