package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeId;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
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
 * The load contract: {@value #OPERATIONS} concurrent asynchronous operations, all in flight at once
 * through one {@link Handoff}, far more than the transport's 256 connections. Every future must
 * complete with <em>its own</em> answer (no answers crossed between connections), the failures must
 * be exactly those the server answered with an error, and nothing may be retried. Default
 * configuration apart from the base URLs: the default {@link dev.handoff.RetryPolicy} (which must
 * not retry a 404 or a 500) and the default 15 s timeout, which every operation must beat.
 *
 * <ul>
 *   <li>Node reads against {@value #OPERATIONS} nodes, a seeded-random third of them unknown to the
 *       server: its model echoes each read's {@code node_id}, so every future is checked against
 *       its own request, strictly; exactly the reads of unknown nodes fail, with {@code 404}.
 *   <li>Warm transfers, each to its own {@code to}, answered by {@value #OPERATIONS} queued {@link
 *       ScriptedResponse}s, each with a distinct {@code api_id}: all 201, or a seeded-random third
 *       500. The fake answers the {@code k}-th request it records with script {@code k}, so each
 *       transfer's own answer follows from where its number arrived: every future must carry that
 *       answer's {@code api_id}, as a receipt for a 201 and as a {@link PlivoUnavailableException}
 *       for a 500.
 * </ul>
 *
 * <p>A transport's test extends it in a few lines:
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

  /**
   * Each read gets the node it asked for; exactly the reads of the nodes the server does not know
   * fail, with {@link NotFoundException}; one request each.
   */
  @Test
  void thousandConcurrentReadsEachGetTheirOwnNode() throws Exception {
    FakePlivoServer plivo = Objects.requireNonNull(server);
    boolean[] unknown = thirdOf(new Random(SEED));
    for (int i = 0; i < OPERATIONS; i++) {
      if (!unknown[i]) {
        plivo.addNode(PHLO, node(i), U1);
      }
    }

    List<CompletableFuture<MultiPartyCallNode>> futures = new ArrayList<>(OPERATIONS);
    for (int i = 0; i < OPERATIONS; i++) {
      futures.add(Objects.requireNonNull(handoff).readNodeAsync(new ReadNode(PHLO, node(i))));
    }
    awaitAll(futures);

    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < OPERATIONS; i++) {
      String expected = unknown[i] ? "404" : node(i).value();
      String actual;
      try {
        actual = futures.get(i).get().nodeId().value();
      } catch (ExecutionException e) {
        actual =
            e.getCause() instanceof NotFoundException notFound
                ? String.valueOf(notFound.status())
                : String.valueOf(e.getCause());
      }
      if (!actual.equals(expected)) {
        wrong.add("read " + i + ": expected " + expected + ", got " + actual);
      }
    }
    assertThat(wrong).as("reads whose outcome is not their own answer's").isEmpty();
    assertOneRequestEach(plivo);
  }

  /** Every transfer is accepted, each with the {@code api_id} of the answer to its own request. */
  @Test
  void thousandConcurrentTransfersEachGetOneReceipt() throws Exception {
    transfers(new boolean[OPERATIONS]);
  }

  /**
   * A seeded-random third of the answers are 500s: exactly that many transfers fail, each with
   * {@link PlivoUnavailableException} carrying a 500's {@code api_id}; nothing is retried.
   */
  @Test
  void thousandConcurrentTransfersWithAThirdFailingNeverRetry() throws Exception {
    transfers(thirdOf(new Random(SEED)));
  }

  /** Script {@code k} fails when {@code failing[k]}. */
  private void transfers(boolean[] failing) throws Exception {
    FakePlivoServer plivo = Objects.requireNonNull(server);
    Map<String, String> scripted = new HashMap<>();
    for (int k = 0; k < OPERATIONS; k++) {
      String apiId = apiId(k);
      scripted.put(apiId, failing[k] ? "500 " + apiId : "201 " + apiId);
      plivo.enqueue(
          failing[k]
              ? ScriptedResponse.json(
                  500, "{\"api_id\": \"" + apiId + "\", \"error\": \"internal error\"}")
              : ScriptedResponse.json(201, "{\"api_id\": \"" + apiId + "\", \"error\": \"\"}"));
    }

    List<CompletableFuture<Receipt>> futures = new ArrayList<>(OPERATIONS);
    for (int i = 0; i < OPERATIONS; i++) {
      futures.add(
          Objects.requireNonNull(handoff)
              .warmTransferAsync(new WarmTransfer(PHLO, NODE, U1, to(i))));
    }
    awaitAll(futures);

    // The server answers the k-th request it records with script k: which script answered a
    // transfer follows from where its number arrived.
    Map<Object, Integer> arrival = new HashMap<>();
    List<PlivoRequest> requests = plivo.requests();
    for (int k = 0; k < requests.size(); k++) {
      arrival.put(((WarmTransfer) requests.get(k)).to().value(), k);
    }
    assertThat(arrival).as("distinct numbers dialled").hasSize(OPERATIONS);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < OPERATIONS; i++) {
      Integer k = arrival.get(to(i).value());
      String actual = outcome(futures.get(i));
      String expected = k == null ? "no request" : scripted.get(apiId(k));
      if (!actual.equals(expected)) {
        wrong.add("transfer " + i + ": got " + actual + ", its own answer was " + expected);
      }
    }
    assertThat(wrong).as("transfers whose outcome is not their own answer").isEmpty();
    assertOneRequestEach(plivo);
  }

  private static void assertOneRequestEach(FakePlivoServer plivo) {
    assertThat(plivo.requestCount())
        .as("requests sent: one per operation, none retried")
        .isEqualTo(OPERATIONS);
  }

  /** Waits, within a bound, until every future is complete, whatever its outcome. */
  private static void awaitAll(List<? extends CompletableFuture<?>> futures) throws Exception {
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
  }

  /** A seeded-random third (about) of {@value #OPERATIONS} flags. */
  private static boolean[] thirdOf(Random random) {
    boolean[] flags = new boolean[OPERATIONS];
    int set = 0;
    for (int k = 0; k < OPERATIONS; k++) {
      flags[k] = random.nextInt(3) == 0;
      set += flags[k] ? 1 : 0;
    }
    assertThat(set).as("flags set").isBetween(OPERATIONS / 4, OPERATIONS / 2);
    return flags;
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

  /** A distinct node id per read. */
  private static NodeId node(int i) {
    return NodeId.of(String.format("10ad0000-0000-4000-8000-%012d", i));
  }

  /** A distinct number per operation: {@code +1415600iiii}. */
  private static Address to(int i) {
    return Address.of(String.format("+1415600%04d", i));
  }

  /** A distinct, UUID-shaped {@code api_id} per script. */
  private static String apiId(int k) {
    return String.format("a91d0000-0000-4000-8000-%012d", k);
  }
}
