package dev.handoff.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.FailureMode;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyKey;
import dev.handoff.RateLimit;
import dev.handoff.TransferListener;
import dev.handoff.model.CoordinationUnavailableException;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.ScriptedResponse;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each Redis fault against a real redis-server: the budget fails open (sent uncoordinated, with a
 * listener event), de-duplication fails closed (refused, NOT_SENT), and each is configurable.
 */
class RedisFaultsTest {
  private static final Credentials CREDENTIALS =
      new Credentials("MAZDJ5NTQ4ODM2YTJLMW", "Tk3n-0f-s3cr3t.ZmFrZQ");
  private static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId(PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10"))
          .nodeId(NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566"))
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final FakeCallControl plivo = FakeCallControl.create();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private Handoff handoff(Consumer<HandoffConfig.Builder> settings) {
    HandoffConfig.Builder builder =
        plivo
            .configBuilder(CREDENTIALS)
            .timeout(Duration.ofSeconds(5))
            .listener(
                new TransferListener() {
                  @Override
                  public void coordinationFailed(
                      PlivoRequest request, String store, FailureMode mode, Throwable cause) {
                    events.add(store + " " + mode + " " + cause.getMessage());
                  }
                });
    settings.accept(builder);
    return opened(Handoff.create(plivo, builder.build()));
  }

  private void accept(int answers) {
    for (int i = 0; i < answers; i++) {
      plivo.enqueue(
          ScriptedResponse.json(201, "{\"api_id\": \"a" + i + "\", \"message\": \"ok\"}"));
    }
  }

  private static IdempotencyKey key() {
    return IdempotencyKey.of("fault-" + System.nanoTime());
  }

  private static void assertRefusedNotSent(Throwable thrown) {
    assertThat(thrown).isInstanceOf(CoordinationUnavailableException.class);
    assertThat(((TransportFailureException) thrown).delivery()).isEqualTo(Delivery.NOT_SENT);
  }

  @Test
  void redisDownAtStartBudgetFailsOpenDedupFailsClosedThenRecovers() {
    int port = RedisProcess.freePort();
    RedisCoordination redis =
        opened(RedisCoordination.create("redis://:hunter2pass@127.0.0.1:" + port));
    Handoff handoff =
        handoff(
            b ->
                b.rateBudget(redis.rateBudget(new RateLimit(10, Duration.ofSeconds(1))))
                    .idempotencyStore(redis.idempotencyStore()));
    accept(2);

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("a0");
    assertRefusedNotSent(
        catchThrowable(() -> handoff.withIdempotencyKey(key()).warmTransfer(WARM)));

    assertThat(plivo.requestCount()).isEqualTo(1);
    assertThat(events).hasSize(2); // the budget failed open; the store closed, before any attempt
    assertThat(events.get(0)).startsWith("rate budget FAIL_OPEN Redis at redis://****@127.0.0.1");
    assertThat(events).noneMatch(e -> e.contains("hunter2pass"));
    assertThat(redis.toString()).doesNotContain("hunter2pass").contains("****");
  }

  @Test
  void redisDownMidBurst() {
    RedisProcess server = opened(RedisProcess.start());
    RedisCoordination redis = opened(RedisCoordination.create(server.url()));
    Handoff handoff =
        handoff(
            b ->
                b.rateBudget(redis.rateBudget(new RateLimit(100, Duration.ofSeconds(1))))
                    .idempotencyStore(redis.idempotencyStore()));
    accept(3);
    assertThat(handoff.withIdempotencyKey(key()).warmTransfer(WARM).apiId()).isEqualTo("a0");
    assertThat(events).isEmpty();

    server.stop();

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("a1");
    assertThat(events).anyMatch(e -> e.startsWith("rate budget FAIL_OPEN"));
    assertRefusedNotSent(
        catchThrowable(() -> handoff.withIdempotencyKey(key()).warmTransfer(WARM)));
    assertThat(plivo.requestCount()).isEqualTo(2);
  }

  @Test
  void bothDefaultsAreConfigurable() {
    int port = RedisProcess.freePort();
    RedisCoordination redis = opened(RedisCoordination.create("redis://127.0.0.1:" + port));
    Handoff closedBudget =
        handoff(
            b ->
                b.rateBudget(redis.rateBudget(RateLimit.PLIVO), FailureMode.FAIL_CLOSED)
                    .idempotencyStore(
                        redis.idempotencyStore(), Duration.ofHours(1), FailureMode.FAIL_OPEN));
    assertRefusedNotSent(catchThrowable(() -> closedBudget.warmTransfer(WARM)));
    assertThat(plivo.requestCount()).isZero();

    Handoff openStore =
        handoff(
            b ->
                b.idempotencyStore(
                    redis.idempotencyStore(), Duration.ofHours(1), FailureMode.FAIL_OPEN));
    accept(1);
    assertThat(openStore.withIdempotencyKey(key()).warmTransfer(WARM).apiId()).isEqualTo("a0");
  }

  @Test
  void redisSlowerThanItsCommandTimeoutCountsAsDown() throws Exception {
    RedisProcess server = opened(RedisProcess.start());
    RedisCoordination redis =
        // A second to connect and answer: enough on a loaded machine, far below the 3 s sleep.
        opened(RedisCoordination.create(server.url(), Duration.ofSeconds(1)));
    Handoff handoff =
        handoff(
            b ->
                b.rateBudget(redis.rateBudget(new RateLimit(100, Duration.ofSeconds(1))))
                    .idempotencyStore(redis.idempotencyStore()));
    accept(2);
    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("a0");
    assertThat(events).as("connected, so what follows is slowness, not a failed connect").isEmpty();

    RedisClient client = RedisClient.create(server.url());
    StatefulRedisConnection<String, String> blocker = client.connect();
    try {
      // Every other client's command waits 3 s; in effect once CLIENT PAUSE has answered.
      assertThat(blocker.sync().clientPause(3000)).isEqualTo("OK");
      assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("a1");
      assertThat(events)
          .anyMatch(e -> e.contains("rate budget FAIL_OPEN") && e.contains("Timeout"));
      assertRefusedNotSent(
          catchThrowable(() -> handoff.withIdempotencyKey(key()).warmTransfer(WARM)));
    } finally {
      blocker.close();
      client.shutdown();
    }
    assertThat(plivo.requestCount()).isEqualTo(2);
  }

  @Test
  void redisRestartedLosesItsKeysSoADuplicateIsSentAgain() throws Exception {
    RedisProcess server = opened(RedisProcess.start());
    RedisCoordination redis = opened(RedisCoordination.create(server.url()));
    Handoff handoff = handoff(b -> b.idempotencyStore(redis.idempotencyStore()));
    IdempotencyKey key = key();
    accept(3);
    assertThat(handoff.withIdempotencyKey(key).warmTransfer(WARM).apiId()).isEqualTo("a0");
    assertThat(handoff.withIdempotencyKey(key).warmTransfer(WARM).apiId()).isEqualTo("a0");
    assertThat(plivo.requestCount()).isEqualTo(1);

    server.restart();

    // Lettuce reconnects by itself; until it has, the store fails closed. The documented risk of
    // a Redis without persistence: the key is forgotten, and the duplicate is sent.
    String apiId = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (apiId == null && System.nanoTime() < deadline) {
      try {
        apiId = handoff.withIdempotencyKey(key).warmTransfer(WARM).apiId();
      } catch (CoordinationUnavailableException notYet) {
        Thread.sleep(50); // waiting for a reconnection, bounded
      }
    }
    assertThat(apiId).isEqualTo("a1");
    assertThat(plivo.requestCount()).isEqualTo(2);
  }

  @Test
  void maskHidesPasswords() {
    assertThat(RedisCoordination.mask("redis://:s3cret@host:6379/0"))
        .isEqualTo("redis://****@host:6379/0");
    assertThat(RedisCoordination.mask("rediss://user:s3cret@host")).isEqualTo("rediss://****@host");
    assertThat(RedisCoordination.mask("redis://host?password=s3cret&db=1"))
        .isEqualTo("redis://host?password=****&db=1");
    assertThat(catchThrowable(() -> RedisCoordination.create("http://:s3cret@x y")))
        .hasMessageNotContaining("s3cret");
  }
}
