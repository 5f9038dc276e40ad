package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.Handoff;
import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CLI as a person at a shell uses it, against a fake Plivo server on loopback. */
class HandoffCliTest {
  private static final String TOKEN = "cli-test-token-0123456789abcdef";
  private static final Credentials CREDENTIALS = new Credentials("MACLITEST0000000000X", TOKEN);
  private static final PhloId PHLO = PhloId.of("phlo-1");
  private static final NodeId NODE = NodeId.of("node-1");
  private static final String CALL = CliFixture.CALL;

  @RegisterExtension
  final CliFixture cli =
      CliFixture.over(
          CREDENTIALS,
          credentials ->
              FakePlivoServer.start(credentials)
                  .addNode(
                      PHLO,
                      NODE,
                      Address.of("+14155550100"),
                      Address.of("+14152223333"),
                      Address.of("sip:agent1@phone.plivo.com"))
                  .addCall(CallUuid.of(CALL)));

  private final FakePlivoServer server = cli.server();
  private final StringWriter out = cli.out();
  private final StringWriter err = cli.err();

  private int run(Map<String, String> env, String... args) {
    return cli.run(env, args);
  }

  private int run(String... args) {
    return cli.run(args);
  }

  private String[] withServer(Transport transport, String... args) {
    return cli.against(transport, args);
  }

  private static Map<String, Object> json(String text) throws IOException {
    return new Moshi.Builder()
        .build()
        .<Map<String, Object>>adapter(
            Types.newParameterizedType(Map.class, String.class, Object.class))
        .fromJson(text);
  }

  private RecordedPlivoRequest onlyRequest() {
    assertThat(server.httpRequests()).hasSize(1);
    return server.httpRequests().get(0);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void warmTransferSendsTheSeedRequestAndPrintsOneJsonLine(Transport transport) throws IOException {
    int exit =
        run(
            withServer(
                transport,
                "warm-transfer",
                "--phlo-id",
                "phlo-1",
                "--node-id",
                "node-1",
                "--trigger-source",
                "+14152223333",
                "--to",
                "+14152225555",
                "--role",
                "agent"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines()).hasSize(1);
    Map<String, Object> printed = json(out.toString());
    assertThat(printed.get("status")).isEqualTo(201.0);
    assertThat((String) printed.get("api_id")).isNotBlank();
    RecordedPlivoRequest request = onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/phlo/phlo-1/multi_party_call/node-1");
    assertThat(json(request.body()))
        .isEqualTo(
            Map.of(
                "action", "warm_transfer",
                "to", "+14152225555",
                "role", "agent",
                "trigger_source", "+14152223333"));
    assertThat(err.toString()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void globalOptionsAreAcceptedBeforeTheCommand(Transport transport) throws IOException {
    int exit =
        run(
            "--transport",
            transport.label(),
            "--phlo-url",
            server.baseUrl().toString(),
            "--timeout",
            "10s",
            "cold-transfer",
            "--phlo-id",
            "phlo-1",
            "--node-id",
            "node-1",
            "--trigger-source",
            "+14152223333",
            "--to",
            "+14152225555");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(json(onlyRequest().body())).containsEntry("action", "cold_transfer");
    assertThat(onlyRequest().header("User-Agent")).contains(transport.label());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void versionIsTheOneTheUserAgentCarries(Transport transport) {
    assertThat(run("--version")).isZero();
    String printed = out.toString().strip();
    assertThat(printed).matches("handoff \\S+").isEqualTo("handoff " + Handoff.version());
    out.getBuffer().setLength(0);

    int exit =
        run(
            withServer(
                transport,
                "cold-transfer",
                "--phlo-id",
                "phlo-1",
                "--node-id",
                "node-1",
                "--trigger-source",
                "+14152223333",
                "--to",
                "+14152225555"));

    assertThat(exit).as(err.toString()).isZero();
    // one version for both: a user reporting "handoff X" can be matched to the requests Plivo saw
    assertThat(onlyRequest().header("User-Agent"))
        .startsWith("handoff-java/" + printed.substring("handoff ".length()) + " ");
  }

  @Test
  void invalidInputExitsTwoWithoutSending() {
    String[][] cases = {
      {
        "warm-transfer",
        "--phlo-id",
        "phlo-1",
        "--node-id",
        "node-1",
        "--trigger-source",
        "+14152223333",
        "--to",
        "+14152225555",
        "--role",
        "boss"
      },
      {
        "warm-transfer",
        "--phlo-id",
        "phlo-1",
        "--node-id",
        "node-1",
        "--trigger-source",
        "+14152223333",
        "--to",
        "call me"
      },
      {
        "warm-transfer",
        "--phlo-id",
        "../../x",
        "--node-id",
        "node-1",
        "--trigger-source",
        "+14152223333",
        "--to",
        "+14152225555"
      },
      {"transfer-call", "--call-uuid", CALL, "--legs", "aleg"},
      {"transfer-call", "--call-uuid", CALL, "--legs", "bleg", "--bleg-url", "not a url"},
      {
        "transfer-call",
        "--call-uuid",
        CALL,
        "--aleg-url",
        "http://a.example",
        "--aleg-method",
        "PUT"
      },
      {"member", "jump", "--phlo-id", "phlo-1", "--node-id", "node-1", "--member", "+14152223333"},
      {
        "member",
        "hold",
        "--phlo-id",
        "phlo-1",
        "--node-id",
        "node-1",
        "--member",
        "+14152223333\r\nX-Evil: 1"
      },
      {"warm-transfer", "--phlo-id", "phlo-1"},
    };
    for (String[] args : cases) {
      CliFixture.Run run = cli.runApart(withServer(Transport.RETROFIT, args));
      assertThat(run.exit()).as(String.join(" ", args) + " -> " + run.err()).isEqualTo(2);
      assertThat(run.err().lines()).as(run.err()).hasSize(1);
    }
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void nonLoopbackHttpBaseUrlExitsTwo() {
    int exit =
        run(
            "warm-transfer",
            "--phlo-url",
            "http://example.com",
            "--phlo-id",
            "phlo-1",
            "--node-id",
            "node-1",
            "--trigger-source",
            "+14152223333",
            "--to",
            "+14152225555");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--phlo-url must be an absolute https URL").hasLineCount(1);
  }

  @Test
  void missingCredentialsExitTwoNamingTheVariable() {
    int exit =
        run(
            Map.of("PLIVO_AUTH_ID", CREDENTIALS.authId()),
            withServer(
                Transport.RETROFIT,
                "warm-transfer",
                "--phlo-id",
                "phlo-1",
                "--node-id",
                "node-1",
                "--trigger-source",
                "+14152223333",
                "--to",
                "+14152225555"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("PLIVO_AUTH_TOKEN").hasLineCount(1);
    assertThat(server.requestCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void plivoErrorExitsThreeWithStatusOnOneLine(Transport transport) {
    int exit =
        run(
            withServer(
                transport,
                "cold-transfer",
                "--phlo-id",
                "unknown-phlo",
                "--node-id",
                "node-1",
                "--trigger-source",
                "+14152223333",
                "--to",
                "+14152225555"));

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("404").hasLineCount(1);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void wrongTokenExitsThree(Transport transport) {
    int exit =
        run(
            Map.of("PLIVO_AUTH_ID", CREDENTIALS.authId(), "PLIVO_AUTH_TOKEN", "wrong-token"),
            withServer(transport, "node", "--phlo-id", "phlo-1", "--node-id", "node-1"));

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("401").hasLineCount(1);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void noServerExitsFour(Transport transport) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int exit =
        run(
            "--transport",
            transport.label(),
            "--phlo-url",
            "http://127.0.0.1:" + port,
            "warm-transfer",
            "--phlo-id",
            "phlo-1",
            "--node-id",
            "node-1",
            "--trigger-source",
            "+14152223333",
            "--to",
            "+14152225555");

    assertThat(exit).isEqualTo(4);
    assertThat(err.toString()).contains("not sent").hasLineCount(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void memberActionsPutTheAddressInThePath(Transport transport) throws IOException {
    // The server runs Plivo's rules: a transfer must be in progress to resume a waiting member
    // (here, the SIP member, on hold for it) and to abort it.
    assertThat(
            run(
                withServer(
                    transport,
                    "warm-transfer",
                    "--phlo-id",
                    "phlo-1",
                    "--node-id",
                    "node-1",
                    "--trigger-source",
                    "+14152223333",
                    "--to",
                    "+14152225555")))
        .as(err.toString())
        .isZero();
    assertThat(
            run(
                withServer(
                    transport,
                    "member",
                    "resume-call",
                    "--phlo-id",
                    "phlo-1",
                    "--node-id",
                    "node-1",
                    "--member",
                    "sip:agent1@phone.plivo.com")))
        .as(err.toString())
        .isZero();
    assertThat(
            run(
                withServer(
                    transport,
                    "member",
                    "abort-transfer",
                    "--phlo-id",
                    "phlo-1",
                    "--node-id",
                    "node-1",
                    "--member",
                    "+14152223333")))
        .as(err.toString())
        .isZero();

    List<RecordedPlivoRequest> requests = server.httpRequests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).path())
        .isEqualTo("/v1/phlo/phlo-1/multi_party_call/node-1/members/sip:agent1@phone.plivo.com");
    assertThat(json(requests.get(1).body())).isEqualTo(Map.of("action", "resume_call"));
    assertThat(requests.get(2).path())
        .isEqualTo("/v1/phlo/phlo-1/multi_party_call/node-1/members/+14152223333");
    assertThat(json(requests.get(2).body())).isEqualTo(Map.of("action", "abort_transfer"));
    assertThat(server.model().describe(PHLO, NODE))
        .isEqualTo("+14155550100 ⇄ +14152223333 ⇄ sip:agent1@phone.plivo.com; +14152225555 left");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void transferCallSendsTheSeedBody(Transport transport) throws IOException {
    int exit =
        run(
            withServer(
                transport,
                "transfer-call",
                "--call-uuid",
                CALL,
                "--legs",
                "both",
                "--aleg-url",
                "http://aleg.url",
                "--aleg-method",
                "GET",
                "--bleg-url",
                "http://bleg.url",
                "--bleg-method",
                "GET"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(json(out.toString())).containsEntry("status", 202.0);
    RecordedPlivoRequest request = onlyRequest();
    assertThat(request.path())
        .isEqualTo("/v1/Account/" + CREDENTIALS.authId() + "/Call/" + CALL + "/");
    assertThat(json(request.body()))
        .isEqualTo(
            Map.of(
                "legs", "both",
                "aleg_url", "http://aleg.url",
                "aleg_method", "GET",
                "bleg_url", "http://bleg.url",
                "bleg_method", "GET"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aLegOnlySendsNoBLegFields(Transport transport) throws IOException {
    int exit =
        run(
            withServer(
                transport,
                "transfer-call",
                "--call-uuid",
                CALL,
                "--aleg-url",
                "https://example.com/a.xml"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(json(onlyRequest().body()))
        .isEqualTo(
            Map.of("legs", "aleg", "aleg_url", "https://example.com/a.xml", "aleg_method", "POST"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void nodePrintsTheNodeAsOneJsonLine(Transport transport) throws IOException {
    int exit = run(withServer(transport, "node", "--phlo-id", "phlo-1", "--node-id", "node-1"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines()).hasSize(1);
    Map<String, Object> node = json(out.toString());
    assertThat(node).containsEntry("phlo_id", "phlo-1").containsEntry("node_id", "node-1");
    assertThat(onlyRequest().method()).isEqualTo("GET");
  }

  @Test
  void demoRunsEveryStepThroughEveryTransport() {
    int exit = run(Map.of(), "demo");

    assertThat(exit).as(out + "\n" + err).isZero();
    String printed = out.toString();
    assertThat(printed)
        .contains("[retrofit")
        .contains("[vertx")
        .contains("[jdk")
        .contains("warm_transfer")
        .contains("cold_transfer")
        .contains("abort_transfer")
        .contains("\"legs\":\"both\"")
        .contains("Every step was accepted by every transport.");
    // The state after each step, as each transport's server model sees it.
    assertThat(printed.lines().filter(line -> line.contains("state: ")))
        .hasSize(1 + 6 * Transport.values().length);
    assertThat(printed)
        .contains("state: +14152223333 ⇄ +14152225555 private; +14155550100 on hold")
        .contains("state: +14155550100 ⇄ +14152223333; +14152225555 left")
        .contains("state: +14152223333 alone; +14155550100 on hold; +14152225555 left")
        .contains("state: +14155550100 ⇄ +14152225555; +14152223333 left")
        .containsPattern(
            "state: call 55309cee-821d-11e4-9a73-498d468c930b: A leg → http://127\\.0\\.0\\.1:\\d+/aleg\\.xml"
                + " \\(GET\\), B leg → http://127\\.0\\.0\\.1:\\d+/bleg\\.xml \\(GET\\); 1 transfer");
    // Each fake Plivo fetched the legs' XML from the demo's own endpoint, which verified the
    // signature (a forged request would be refused 403 and the leg hung up).
    assertThat(printed.lines().filter(line -> line.contains("A leg: in conference queue-7")))
        .hasSize(Transport.values().length);
    assertThat(
            printed
                .lines()
                .filter(line -> line.contains("B leg: dialling +14152225555, then bridged")))
        .hasSize(Transport.values().length);
    assertThat(printed).doesNotContain("hung up");
    assertThat(printed).doesNotContain(DemoCommand.DEMO_CREDENTIALS.authToken());
    // Issue 16: the same warm transfer twice with one key is sent once, through every transport,
    // and a burst through a small budget meets no 429 and never fills the fake's window past it.
    assertThat(printed)
        .contains("7. Idempotency key: the same warm transfer submitted twice with one key");
    assertThat(
            printed
                .lines()
                .filter(
                    line ->
                        line.matches(
                            ".*2 submissions with key demo-click-1 → 1 request sent;"
                                + " both ← api_id [0-9a-f-]{36}$")))
        .hasSize(Transport.values().length);
    assertThat(printed).contains("8. Rate budget: a burst of 9 call transfers at once");
    assertThat(
            printed
                .lines()
                .filter(
                    line ->
                        line.matches(
                            ".*9 of 9 accepted, 0 × 429, at most [1-6] in any 500 ms, in \\d+ ms$")))
        .hasSize(Transport.values().length);
  }
}
