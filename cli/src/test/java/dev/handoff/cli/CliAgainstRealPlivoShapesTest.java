package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
import java.io.StringWriter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14 as a new user would try it: the CLI against a server that answers as the real Plivo does
 * (its SDKs' fixtures, outputs recorded from live calls), through each transport.
 */
class CliAgainstRealPlivoShapesTest {
  private static final String TOKEN = "cli-REAL-plivo-token-0123456789";
  private static final Credentials CREDENTIALS = new Credentials("MACLIREAL00000000000", TOKEN);
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
  private static final String SERVER_ERROR =
      "{\"api_id\": \"5e0e0e0e-0000-4000-8000-000000000500\", \"error\": \"internal error\"}";

  @RegisterExtension
  final CliFixture cli =
      CliFixture.over(
          CREDENTIALS,
          credentials -> {
            FakePlivoServer fake =
                FakePlivoServer.start(credentials)
                    .addNode(
                        PhloId.of("phlo-1"),
                        NodeId.of("node-1"),
                        Address.of("+14152223333"),
                        Address.of("+14152224444"));
            fake.model().call(CALL, Address.of("+14152223333"), Address.of("+14152225555"));
            return fake;
          });

  private final FakePlivoServer server = cli.server();
  private final StringWriter out = cli.out();
  private final StringWriter err = cli.err();

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aNodeActionWhoseToIsItsTriggerSourceIsSent(Transport transport) {
    int exit =
        run(
            transport,
            "add-member",
            "--phlo-id",
            "phlo-1",
            "--node-id",
            "node-1",
            "--trigger-source",
            "+14152223333",
            "--to",
            "+14152223333");

    assertThat(exit).as("not refused before sending; stderr: " + err).isNotEqualTo(2);
    assertThat(server.requestCount()).as("requests sent").isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCallTransfersLineShowsTheLegsPlivoMoved(Transport transport) {
    int exit =
        run(
            transport,
            "transfer-call",
            "--call-uuid",
            CALL.value(),
            "--legs",
            "both",
            "--aleg-url",
            "http://aleg.url",
            "--bleg-url",
            "http://bleg.url");

    assertThat(exit).as("exit; stderr: " + err).isZero();
    assertThat(out.toString().lines())
        .singleElement()
        .asString()
        .startsWith("{\"status\":202,\"api_id\":\"")
        .contains("\"message\":\"call transfered\"")
        .contains("\"call_uuids\":[\"" + CALL.value() + "\",\"");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aNodeReadThatMeetsOne500SucceedsOnTheRetry(Transport transport) {
    server.enqueue(ScriptedResponse.json(500, SERVER_ERROR));

    int exit = run(transport, "node", "--phlo-id", "phlo-1", "--node-id", "node-1");

    assertThat(exit).as("exit; stderr: " + err).isZero();
    assertThat(server.requestCount()).as("requests sent").isEqualTo(2);
    assertThat(out.toString()).contains("\"node_id\":\"node-1\"");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aLiveCallReadThatMeetsOne500PrintsTheCallsStatus(Transport transport) {
    server.enqueue(ScriptedResponse.json(500, SERVER_ERROR));

    int exit = run(transport, "call", "--call-uuid", CALL.value());

    assertThat(exit).as("exit; stderr: " + err).isZero();
    assertThat(server.requestCount()).as("requests sent").isEqualTo(2);
    assertThat(out.toString().lines())
        .singleElement()
        .asString()
        .startsWith("{\"call_uuid\":\"" + CALL.value() + "\",\"call_status\":\"in-progress\"")
        .contains("\"from\":\"+14152223333\"", "\"to\":\"+14152225555\"");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCallThatIsNotLiveExitsThree(Transport transport) {
    int exit = run(transport, "call", "--call-uuid", "00000000-821d-11e4-9a73-498d468c930b");

    assertThat(exit).as("exit; stderr: " + err).isEqualTo(3);
    assertThat(err.toString()).startsWith("handoff: ").contains("HTTP 404");
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTransferThatMeetsA500SaysItsOutcomeIsUnknown(Transport transport) {
    server.enqueue(ScriptedResponse.json(500, SERVER_ERROR));

    int exit =
        run(
            transport,
            "warm-transfer",
            "--phlo-id",
            "phlo-1",
            "--node-id",
            "node-1",
            "--trigger-source",
            "+14152223333",
            "--to",
            "+14152225555");

    assertThat(exit).isEqualTo(3);
    assertThat(server.requestCount()).as("never sent twice").isEqualTo(1);
    assertThat(err.toString())
        .contains("warm transfer")
        .contains("the outcome is unknown")
        .doesNotContain("refused");
  }

  private int run(Transport transport, String... command) {
    return cli.run(cli.against(transport, command));
  }
}
