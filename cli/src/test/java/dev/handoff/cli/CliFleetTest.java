package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.RateLimit;
import dev.handoff.cli.CliFixture.Run;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16 at the shell, as a new user tries it: {@code --idempotency-key}, {@code --redis-url} and
 * {@code --rate-limit} against a real redis-server (embedded-redis, on loopback, with a password
 * that never appears in any output) and a fake Plivo. Each run is its own {@link HandoffCli#run},
 * as separate processes would be, sequential or concurrent on threads.
 */
class CliFleetTest {
  private static final String TOKEN = "cli-FLEET-token-5up3r-s3cr3t";
  private static final Credentials CREDENTIALS = new Credentials("MACLIFLEET0000000000", TOKEN);
  private static final String REDIS_PASSWORD = "redis-PASS-w0rd-s3cr3t";
  private static final String CALL = CliFixture.CALL;

  @RegisterExtension final CliFixture cli = CliFixture.standard(CREDENTIALS);
  private final FakePlivoServer server = cli.server();
  private RedisProcess redis;

  @BeforeEach
  void startRedis() {
    redis = RedisProcess.start(REDIS_PASSWORD);
  }

  @AfterEach
  void stopRedis() {
    redis.close();
    assertThat(cli.printed()).doesNotContain(REDIS_PASSWORD);
  }

  @Test
  void twoSequentialRunsWithOneKeySendOnceAndPrintTheSameApiIdAThirdWithAnotherToExitsTwo() {
    Run first = run(warmTransfer("+14152225555", "--idempotency-key", "ticket-42", redisUrl()));
    Run second = run(warmTransfer("+14152225555", "--idempotency-key", "ticket-42", redisUrl()));

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(first.out()).contains("\"api_id\"").isEqualTo(second.out());
    assertThat(server.requestCount()).isEqualTo(1);

    Run third = run(warmTransfer("+14152226666", "--idempotency-key", "ticket-42", redisUrl()));
    assertThat(third.exit()).isEqualTo(2);
    assertThat(third.out()).isEmpty();
    assertThat(third.err())
        .startsWith("handoff: invalid input, nothing sent: ")
        .contains("idempotency key was used before for a different request");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void twoConcurrentRunsWithOneKeySendOnceAndPrintTheSameApiId() throws Exception {
    List<Run> both =
        concurrently(
            2, i -> warmTransfer("+14152225555", "--idempotency-key", "click-7", redisUrl()));

    assertThat(both).allSatisfy(run -> assertThat(run.exit()).as(run.err()).isZero());
    assertThat(both.get(0).out()).contains("\"api_id\"").isEqualTo(both.get(1).out());
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aRepeatOfARequestWhoseOutcomeIsUnknownExitsFourAndTellsToCheckTheCall() {
    server.enqueue(ScriptedResponse.json(500, "{\"api_id\": \"a500\", \"error\": \"boom\"}"));
    Run first = run(warmTransfer("+14152225555", "--idempotency-key", "ticket-45", redisUrl()));
    assertThat(first.exit()).as(first.err()).isEqualTo(3);

    Run repeat = run(warmTransfer("+14152225555", "--idempotency-key", "ticket-45", redisUrl()));
    assertThat(repeat.exit()).isEqualTo(4);
    assertThat(repeat.out()).isEmpty();
    assertThat(repeat.err())
        .startsWith("handoff: not sent again, the first outcome is unknown: ")
        .contains("handoff call --call-uuid");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void withRedisStoppedAKeyedSendExitsFourAndNothingIsSent() {
    redis.stop();
    Run run = run(warmTransfer("+14152225555", "--idempotency-key", "ticket-43", redisUrl()));

    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("handoff: nothing sent: ")
        .contains("idempotency store is unavailable");
    assertThat(server.requestCount()).isZero();
    redis = RedisProcess.start(REDIS_PASSWORD); // for stop()
  }

  @Test
  void aKeyWithoutRedisDeduplicatesNothingAcrossRunsButIsAccepted() {
    Run first = run(warmTransfer("+14152225555", "--idempotency-key", "ticket-44"));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aBadRateLimitOrRedisUrlExitsTwoAndNeverShowsThePassword() {
    Run badLimit = run(warmTransfer("+14152225555", "--rate-limit", "4 per 3s"));
    assertThat(badLimit.exit()).isEqualTo(2);
    assertThat(badLimit.err()).contains("--rate-limit").contains("N/DURATION");

    Run badUrl =
        run(warmTransfer("+14152225555", "--redis-url", "http://:" + REDIS_PASSWORD + "@h:1"));
    assertThat(badUrl.exit()).isEqualTo(2);
    assertThat(badUrl.err()).contains("****");

    Run badKey = run(warmTransfer("+14152225555", "--idempotency-key", ""));
    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(server.requestCount()).isZero();
  }

  /**
   * A dozen runs at once against an account limit of 8 in any 3 s: sharing one Redis budget of 4
   * per 3 s they all succeed without a 429; each with a budget of its own (no --redis-url) they
   * meet 429s, which the default retries (3 attempts, backoff of at most 200 ms) cannot outwait.
   */
  @Test
  void aDozenConcurrentRunsSharingRedisMeetNo429WhileUncoordinatedOnesDo() throws Exception {
    server.rateLimit(new RateLimit(8, Duration.ofSeconds(3)));
    List<Run> coordinated =
        concurrently(12, i -> transferCall("--redis-url", redis.url(), "--rate-limit", "4/3s"));
    assertThat(coordinated).allSatisfy(run -> assertThat(run.exit()).as(run.err()).isZero());
    assertThat(server.model().rateLimitedCount()).isZero();
    assertThat(server.requestCount()).isEqualTo(12);

    try (FakePlivoServer fresh =
        FakePlivoServer.start(CREDENTIALS)
            .addCall(CallUuid.of(CALL))
            .rateLimit(new RateLimit(8, Duration.ofSeconds(3)))) {
      List<Run> uncoordinated =
          concurrently(12, i -> transferCall(fresh, "--rate-limit", "4/3s", "--timeout", "2s"));
      assertThat(fresh.model().rateLimitedCount()).isPositive();
      assertThat(uncoordinated).anySatisfy(run -> assertThat(run.exit()).isEqualTo(3));
      assertThat(uncoordinated.stream().filter(run -> run.exit() == 3))
          .allSatisfy(run -> assertThat(run.err()).contains("429"));
    }
  }

  private String[] redisUrl() {
    return new String[] {"--redis-url", redis.url()};
  }

  private String[] warmTransfer(String to, Object... options) {
    List<String> args = new ArrayList<>(List.of(CliFixture.warmTransfer(to)));
    args.addAll(List.of(cli.baseUrls()));
    for (Object option : options) {
      if (option instanceof String[] several) {
        args.addAll(List.of(several));
      } else {
        args.add((String) option);
      }
    }
    return args.toArray(String[]::new);
  }

  private String[] transferCall(String... options) {
    return transferCall(server, options);
  }

  private static String[] transferCall(FakePlivoServer target, String... options) {
    return Stream.concat(
            Stream.of(
                "transfer-call",
                "--phlo-url",
                target.baseUrl().toString(),
                "--voice-url",
                target.baseUrl().toString(),
                "--call-uuid",
                CALL,
                "--aleg-url",
                "https://app.example.com/xml"),
            Stream.of(options))
        .toArray(String[]::new);
  }

  private Run run(String[] args) {
    return cli.runApart(args);
  }

  /** {@code count} runs started together, each on its own thread. */
  private List<Run> concurrently(int count, java.util.function.IntFunction<String[]> args)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch ready = new CountDownLatch(count);
      List<Future<Run>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  return run(args.apply(n));
                }));
      }
      List<Run> result = new ArrayList<>();
      for (Future<Run> future : futures) {
        result.add(future.get());
      }
      return result;
    } finally {
      threads.shutdownNow();
    }
  }
}
