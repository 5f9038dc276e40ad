package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Endpoint;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import dev.handoff.testkit.ScriptedAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load contract: {@value #OPERATIONS} concurrent asynchronous warm transfers, each to its own
 * {@code to} number, all in flight at once through one {@link Handoff}, far more than the
 * transport's 256 connections. Every future must complete with <em>its own</em> answer (no crossed
 * answers between connections), and a {@code 500} must fail exactly the operation it answered,
 * without a single retry.
 *
 * <p>The server answers from {@value #OPERATIONS} queued {@link ScriptedAnswer}s, script {@code k}
 * answering the {@code k}-th request to arrive: each a 201 with a distinct {@code api_id}, or (in
 * the failing variant, for a third of them chosen by a seeded random) a 500 with a distinct {@code
 * api_id}. The arrival order, read from {@link FakePlivoServer#requests()}, and each request's
 * {@code to} then give every operation's expected outcome. Default configuration apart from the
 * base URLs: the default {@link dev.handoff.RetryPolicy} (which must not retry a 500) and the
 * default 15 s timeout, which every operation must beat. A transport's test extends it in a few
 * lines:
 *
 * <pre>{@code
 * class RetrofitLoadContractTest extends LoadContract {
 *   @Override protected Handoff createHandoff(HandoffConfig config) {
 *     return RetrofitHandoff.create(config);
 *   }
 * }
 * }</pre>
 */
public abstract class LoadContract {
  /** How many operations are in flight at once. */
  static final int OPERATIONS = 1_000;

  private static final long SEED = 0x5EED_0005L;

  /** A bound on the whole run, not a benchmark: the operations' own deadline is 15 s. */
  private static final Duration WAIT = HandoffConfig.DEFAULT_TIMEOUT.plusSeconds(30);

  private @Nullable FakePlivoServer server;
  private @Nullable Handoff handoff;

  /** For subclasses. */
  protected LoadContract() {}

  /**
   * A Handoff over the transport under test, configured with {@code config}; the suite closes it.
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  @BeforeEach
  void start() {
    server = FakePlivoServer.start(Fixtures.CREDENTIALS);
    handoff =
        createHandoff(
            HandoffConfig.builder(Fixtures.CREDENTIALS)
                .phloBaseUrl(server.baseUrl())
                .voiceBaseUrl(server.baseUrl())
                .build());
  }

  @AfterEach
  void stop() {
    try {
      if (handoff != null) {
        handoff.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** Every operation is accepted, each with the {@code api_id} of the answer to its own request. */
  @Test
  void thousandConcurrentTransfersEachGetTheirOwnReceipt() throws Exception {
    run(new boolean[OPERATIONS]);
  }

  /**
   * A seeded-random third of the answers are 500s: exactly the operations they answered fail with
   * {@link PlivoUnavailableException} carrying that answer's {@code api_id}; nothing is retried.
   */
  @Test
  void thousandConcurrentTransfersWithAThirdFailingNeverRetry() throws Exception {
    Random random = new Random(SEED);
    boolean[] failing = new boolean[OPERATIONS];
    int failures = 0;
    for (int k = 0; k < OPERATIONS; k++) {
      failing[k] = random.nextInt(3) == 0;
      failures += failing[k] ? 1 : 0;
    }
    assertThat(failures).as("500s scripted").isBetween(OPERATIONS / 4, OPERATIONS / 2);
    run(failing);
  }

  /** Script {@code k} fails when {@code failing[k]}; checks every outcome against its script. */
  private void run(boolean[] failing) throws Exception {
    FakePlivoServer plivo = Objects.requireNonNull(server);
    for (int k = 0; k < OPERATIONS; k++) {
      plivo.enqueue(
          failing[k]
              ? ScriptedAnswer.json(
                  500, "{\"api_id\": \"" + apiId(k) + "\", \"error\": \"internal error\"}")
              : ScriptedAnswer.json(201, "{\"api_id\": \"" + apiId(k) + "\", \"error\": \"\"}"));
    }

    List<CompletableFuture<Receipt>> futures = new ArrayList<>(OPERATIONS);
    for (int i = 0; i < OPERATIONS; i++) {
      futures.add(Objects.requireNonNull(handoff).warmTransferAsync(transfer(i)));
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture<?>[]::new))
            .handle((ignored, failure) -> null);
    try {
      all.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      long done = futures.stream().filter(CompletableFuture::isDone).count();
      throw new AssertionError(
          done + " of " + OPERATIONS + " operations completed within " + WAIT, e);
    }

    List<RecordedPlivoRequest> requests = plivo.requests();
    assertThat(requests).as("requests sent: one per operation, none retried").hasSize(OPERATIONS);
    Map<String, Integer> arrival = new HashMap<>();
    for (int k = 0; k < requests.size(); k++) {
      Object to = Fixtures.object(requests.get(k).body()).get("to");
      assertThat(arrival.put(String.valueOf(to), k)).as("a second request to " + to).isNull();
    }

    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < OPERATIONS; i++) {
      String to = to(i).value();
      Integer k = arrival.get(to);
      assertThat(k).as("the request of operation " + i + " (to " + to + ")").isNotNull();
      String actual = outcome(futures.get(i));
      String expected = failing[k] ? "500 " + apiId(k) : "201 " + apiId(k);
      if (!actual.equals(expected)) {
        mismatches.add("operation " + i + ": expected " + expected + ", got " + actual);
      }
    }
    assertThat(mismatches).as("operations whose outcome is not their own answer's").isEmpty();
    assertThat(plivo.requestCount())
        .as("requests sent after every operation ended")
        .isEqualTo(OPERATIONS);
  }

  /** {@code "201 <api_id>"} for a receipt, {@code "500 <api_id>"} for the 500, else the failure. */
  private static String outcome(CompletableFuture<Receipt> future) throws InterruptedException {
    try {
      Receipt receipt = future.get();
      return receipt.status() + " " + receipt.apiId();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PlivoUnavailableException unavailable) {
        return unavailable.status() + " " + unavailable.apiId();
      }
      return String.valueOf(e.getCause());
    }
  }

  private static WarmTransfer transfer(int i) {
    return new WarmTransfer(PHLO, NODE, U1, to(i));
  }

  /** A distinct number per operation: {@code +1415600iiii}. */
  private static Endpoint to(int i) {
    return Endpoint.of(String.format("+1415600%04d", i));
  }

  /** A distinct, UUID-shaped {@code api_id} per script. */
  private static String apiId(int k) {
    return String.format("10ad0000-0000-4000-8000-%012d", k);
  }
}
