package dev.handoff.cli;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyKey;
import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.HandoffException;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Receipt;
import dev.handoff.model.Role;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.testkit.CallLegs;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.LegState;
import dev.handoff.testkit.RecordedPlivoRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code handoff demo}: a contact-centre transfer sequence against an embedded fake Plivo server,
 * each step sent through every transport (retrofit, vertx, jdk), each to its own server. The
 * servers run the testkit's {@code CallModel}, so every step is one Plivo accepts in that state,
 * and after each step the demo prints the call's state as each server's model sees it ({@code
 * +14152223333 ⇄ +14152225555 private; +14155550100 on hold}). For the Voice API call transfer the
 * demo serves its own transfer target ({@link DemoTransferTarget}); each fake Plivo fetches the
 * legs' new XML from it, signed, and the demo prints what each leg now does ({@code A leg: in
 * conference queue-7}). Then the fleet features, in memory: the same warm transfer submitted twice
 * with one idempotency key is sent once, and a burst of call transfers through a small rate budget
 * meets no 429 from a fake that enforces a slightly larger account limit. Needs no credentials and
 * no network.
 */
@Command(
    name = "demo",
    description =
        "Runs warm and cold transfers, an aborted transfer, hold/unhold and a call transfer"
            + " against an embedded fake Plivo server on 127.0.0.1, through every transport;"
            + " then a transfer submitted twice with one idempotency key (sent once) and a burst"
            + " inside a rate budget (no 429)."
            + " Needs no credentials or network.")
final class DemoCommand implements Callable<Integer> {
  static final Credentials DEMO_CREDENTIALS =
      new Credentials("MADEMO00000000000000", "demo-token-not-a-secret");
  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("9a2c3b1e-0c1d-4e5f-8a9b-112233445566");
  static final Address CUSTOMER = Address.of("+14155550100");
  static final Address AGENT = Address.of("+14152223333");
  static final Address TARGET = Address.of("+14152225555");
  static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");

  /** The demo's burst: more call transfers than one window of the budget allows. */
  static final int BURST = 9;

  /**
   * The demo's budget: half the fake's limit, so that requests a window apart by the budget's clock
   * may arrive up to a window late (a first connection, a busy machine) and still fit.
   */
  static final RateLimit BUDGET = new RateLimit(3, Duration.ofMillis(500));

  /** The account limit the demo's fake Plivo enforces for the burst. */
  static final RateLimit ACCOUNT = new RateLimit(6, Duration.ofMillis(500));

  /** How long the demo waits for a fake to have fetched and run the legs' XML. */
  private static final Duration LEGS_TIMEOUT = Duration.ofSeconds(30);

  @ParentCommand HandoffCli cli;

  /** One step: what it does, and whether it moves the Voice API call (not the node). */
  private record Step(String title, Function<Handoff, Receipt> action, boolean movesCall) {
    Step(String title, Function<Handoff, Receipt> action) {
      this(title, action, false);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = cli.out();
    Map<Transport, FakePlivoServer> servers = new EnumMap<>(Transport.class);
    Map<Transport, Handoff> clients = new EnumMap<>(Transport.class);
    DemoTransferTarget target = DemoTransferTarget.start(DEMO_CREDENTIALS);
    try {
      for (Transport transport : Transport.values()) {
        FakePlivoServer server = FakePlivoServer.start(DEMO_CREDENTIALS).followTransfers();
        server.model().call(CALL, CUSTOMER, AGENT);
        server.model().node(PHLO, NODE).member(CUSTOMER, Role.CUSTOMER).member(AGENT, Role.AGENT);
        servers.put(transport, server);
        HandoffConfig config =
            HandoffConfig.builder(DEMO_CREDENTIALS)
                .phloBaseUrl(server.baseUrl())
                .voiceBaseUrl(server.baseUrl())
                .build();
        clients.put(transport, cli.create(transport, config));
      }
      out.println("Handoff demo: each step goes through every transport, each to its own fake");
      out.println("Plivo server on 127.0.0.1 (no network, no credentials needed). After the call");
      out.println(
          "transfer, each fake Plivo fetches the legs' new XML, signed, from the demo's own");
      out.println(
          "transfer target on 127.0.0.1, which verifies the signature and answers Plivo XML.");
      out.println(
          "Multi-party call: customer " + CUSTOMER + ", agent " + AGENT + "; live call " + CALL);
      out.println("   state: " + servers.get(Transport.RETROFIT).model().describe(PHLO, NODE));
      int number = 0;
      boolean allAccepted = true;
      for (Step step : steps(target)) {
        out.println();
        out.println(++number + ". " + step.title());
        for (Transport transport : Transport.values()) {
          allAccepted &=
              perform(out, transport, step, clients.get(transport), servers.get(transport));
        }
      }
      out.println();
      out.println(
          ++number
              + ". Idempotency key: the same warm transfer submitted twice with one key is sent"
              + " once (in memory; --redis-url shares it across hosts)");
      for (Transport transport : Transport.values()) {
        allAccepted &= sendOnce(out, transport);
      }
      out.println();
      out.println(
          ++number
              + ". Rate budget: a burst of "
              + BURST
              + " call transfers at once, budget "
              + BUDGET.permits()
              + " per "
              + BUDGET.window().toMillis()
              + " ms, the fake Plivo allowing "
              + ACCOUNT.permits()
              + " per "
              + ACCOUNT.window().toMillis()
              + " ms");
      for (Transport transport : Transport.values()) {
        allAccepted &= burst(out, transport, target);
      }
      out.println();
      out.println(
          allAccepted ? "Every step was accepted by every transport." : "Some steps failed.");
      return allAccepted ? HandoffCli.ACCEPTED : HandoffCli.PLIVO_ERROR;
    } finally {
      clients.values().forEach(Handoff::close);
      servers.values().forEach(FakePlivoServer::close);
      target.close();
    }
  }

  private static boolean perform(
      PrintWriter out, Transport transport, Step step, Handoff handoff, FakePlivoServer server) {
    String label = String.format("   [%-8s] ", transport.label());
    String indent = " ".repeat(label.length());
    int before = server.requestCount();
    String answer;
    boolean accepted;
    try {
      answer = "← " + Json.receipt(step.action().apply(handoff));
      accepted = true;
    } catch (HandoffException e) {
      answer = "← failed: " + e.getMessage();
      accepted = false;
    }
    List<RecordedPlivoRequest> sent = new ArrayList<>(server.httpRequests());
    for (RecordedPlivoRequest request : sent.subList(before, sent.size())) {
      out.println(label + "→ " + request.method() + " " + request.path() + " " + request.body());
      label = indent;
    }
    out.println(indent + answer);
    out.println(
        indent
            + "state: "
            + (step.movesCall() ? legs(server) : server.model().describe(PHLO, NODE)));
    if (step.movesCall() && accepted) {
      // The fake fetches the legs' XML in the background, as Plivo does after its 202.
      server.awaitLegs(LEGS_TIMEOUT);
      out.println(indent + "A leg: " + server.model().aLeg(CALL).description());
      out.println(indent + "B leg: " + server.model().bLeg(CALL).description());
      accepted =
          server.model().aLeg(CALL).kind() == LegState.Kind.IN_CONFERENCE
              && server.model().bLeg(CALL).kind() == LegState.Kind.BRIDGED;
    }
    return accepted;
  }

  /** A fresh fake Plivo server of the demo's account, with the node and the call. */
  private static FakePlivoServer freshServer() {
    FakePlivoServer server = FakePlivoServer.start(DEMO_CREDENTIALS);
    server.model().call(CALL, CUSTOMER, AGENT);
    server.model().node(PHLO, NODE).member(CUSTOMER, Role.CUSTOMER).member(AGENT, Role.AGENT);
    return server;
  }

  /** The warm transfer twice with one key, on an in-memory idempotency store: one request. */
  private boolean sendOnce(PrintWriter out, Transport transport) {
    String label = String.format("   [%-8s] ", transport.label());
    try (FakePlivoServer server = freshServer();
        Handoff handoff =
            cli.create(
                transport,
                server
                    .configBuilder(DEMO_CREDENTIALS)
                    .idempotencyStore(IdempotencyStore.inMemory())
                    .build())) {
      Handoff keyed = handoff.withIdempotencyKey(IdempotencyKey.of("demo-click-1"));
      WarmTransfer transfer = new WarmTransfer(PHLO, NODE, AGENT, TARGET);
      Receipt first = keyed.warmTransfer(transfer);
      Receipt second = keyed.warmTransfer(transfer);
      boolean once = server.requestCount() == 1 && first.apiId().equals(second.apiId());
      out.println(
          label
              + "2 submissions with key demo-click-1 → "
              + server.requestCount()
              + (server.requestCount() == 1 ? " request sent" : " requests sent")
              + "; both ← api_id "
              + (first.apiId().equals(second.apiId())
                  ? first.apiId()
                  : first.apiId() + " / " + second.apiId()));
      return once;
    } catch (HandoffException e) {
      out.println(label + "← failed: " + e.getMessage());
      return false;
    }
  }

  /**
   * {@link #BURST} call transfers at once through a budget under the fake's account limit: none
   * meets a 429, and no window of the fake's holds more than the budget.
   */
  private boolean burst(PrintWriter out, Transport transport, DemoTransferTarget target) {
    String label = String.format("   [%-8s] ", transport.label());
    try (FakePlivoServer server = freshServer().rateLimit(ACCOUNT);
        Handoff handoff =
            cli.create(
                transport,
                server
                    .configBuilder(DEMO_CREDENTIALS)
                    .rateBudget(RateBudget.inMemory(BUDGET))
                    .build())) {
      long start = System.nanoTime();
      List<CompletableFuture<Receipt>> sent = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        sent.add(handoff.transferCallAsync(new CallTransfer(CALL, Legs.aLeg(target.aLegUrl()))));
      }
      int accepted = 0;
      for (CompletableFuture<Receipt> future : sent) {
        try {
          future.join();
          accepted++;
        } catch (CompletionException e) {
          // counted below: the burst is not all accepted
        }
      }
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      int limited = server.model().rateLimitedCount();
      out.println(
          label
              + accepted
              + " of "
              + BURST
              + " accepted, "
              + limited
              + " × 429, at most "
              + server.model().peakWindowCount()
              + " in any "
              + ACCOUNT.window().toMillis()
              + " ms, in "
              + millis
              + " ms");
      return accepted == BURST && limited == 0;
    }
  }

  /** The live call's legs as the server's model sees them. */
  private static String legs(FakePlivoServer server) {
    CallLegs legs = server.model().legs(CALL);
    return "call "
        + CALL
        + ": A leg → "
        + url(legs.aLegUrl())
        + ", B leg → "
        + url(legs.bLegUrl())
        + "; "
        + legs.transfers()
        + (legs.transfers() == 1 ? " transfer" : " transfers")
        + (legs.ended() ? "; ended" : "");
  }

  private static String url(@Nullable WebhookUrl url) {
    return url == null ? "unchanged" : url.uri() + " (" + url.method() + ")";
  }

  private static List<Step> steps(DemoTransferTarget target) {
    return List.of(
        new Step(
            "Warm transfer: agent "
                + AGENT
                + " consults "
                + TARGET
                + " privately while customer "
                + CUSTOMER
                + " waits on hold",
            handoff -> handoff.warmTransfer(new WarmTransfer(PHLO, NODE, AGENT, TARGET))),
        new Step(
            "Abort transfer: agent " + AGENT + " cancels it; " + TARGET + " leaves",
            handoff ->
                handoff.memberAction(
                    new MemberAction(PHLO, NODE, AGENT, MemberActionType.ABORT_TRANSFER))),
        new Step(
            "Hold customer " + CUSTOMER,
            handoff ->
                handoff.memberAction(
                    new MemberAction(PHLO, NODE, CUSTOMER, MemberActionType.HOLD))),
        new Step(
            "Unhold customer " + CUSTOMER,
            handoff ->
                handoff.memberAction(
                    new MemberAction(PHLO, NODE, CUSTOMER, MemberActionType.UNHOLD))),
        new Step(
            "Cold transfer: customer "
                + CUSTOMER
                + " is connected straight to "
                + TARGET
                + "; agent "
                + AGENT
                + " leaves",
            handoff -> handoff.coldTransfer(new ColdTransfer(PHLO, NODE, AGENT, TARGET))),
        new Step(
            "Voice API call transfer: both legs of call " + CALL + " move to new XML",
            handoff ->
                handoff.transferCall(
                    new CallTransfer(CALL, Legs.both(target.aLegUrl(), target.bLegUrl()))),
            true));
  }
}
