package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Credentials;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.ScriptedResponse;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5 as a new user would try it: the CLI against a misbehaving Plivo on loopback, through each
 * transport. Every case checks the exit code, the exact number of requests the server received,
 * that a failure is one line on stderr (no stack trace) with nothing on stdout, and that the Auth
 * Token (or the {@code Authorization} header carrying it) is printed nowhere.
 */
class CliFailureTest {
  private static final String TOKEN = "cli-FAILURE-token-5up3r-s3cr3t";
  private static final Credentials CREDENTIALS = new Credentials("MACLIFAIL00000000000", TOKEN);
  private static final String API_ID = "c1ifa11e-0000-4000-8000-000000000001";
  private static final String ACCEPTED = "{\"api_id\": \"" + API_ID + "\", \"error\": \"\"}";
  private static final String BAD_GATEWAY =
      "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
          + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>"
          + "</html>\n";

  /** How long past {@code --timeout 2s} the CLI may take to give up: a bound, not a benchmark. */
  private static final Duration NO_ANSWER_BOUND = Duration.ofSeconds(20);

  @RegisterExtension final CliFixture cli = CliFixture.standard(CREDENTIALS);
  private final FakePlivoServer server = cli.server();
  private final StringWriter out = cli.out();
  private final StringWriter err = cli.err();

  @ParameterizedTest
  @EnumSource(Transport.class)
  void wrongTokenExitsThreeAfterOneRequest(Transport transport) {
    int exit =
        cli.run(
            Map.of("PLIVO_AUTH_ID", CREDENTIALS.authId(), "PLIVO_AUTH_TOKEN", TOKEN + "-wrong"),
            warmTransfer(transport));

    assertFailure(exit, 3, 1, "401");
    assertThat(err.toString()).doesNotContain(TOKEN + "-wrong");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void http404ExitsThreeAfterOneRequest(Transport transport) {
    server.enqueue(ScriptedResponse.json(404, "{}"));

    assertFailure(run(warmTransfer(transport)), 3, 1, "404");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void http400ExitsThreeAfterOneRequest(Transport transport) {
    server.enqueue(
        ScriptedResponse.json(
            400, "{\"api_id\": \"" + API_ID + "\", \"error\": \"to is a mandatory param.\"}"));

    assertFailure(run(warmTransfer(transport)), 3, 1, "to is a mandatory param.");
    assertThat(err.toString()).contains("400").contains(API_ID);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void http500ExitsThreeAfterOneRequest(Transport transport) {
    server.enqueue(
        ScriptedResponse.json(500, "{\"api_id\": \"" + API_ID + "\", \"error\": \"internal\"}"));

    assertFailure(run(warmTransfer(transport)), 3, 1, "500");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void htmlBadGatewayExitsThreeAfterOneRequest(Transport transport) {
    server.enqueue(ScriptedResponse.body(502, "text/html; charset=utf-8", BAD_GATEWAY));

    assertFailure(run(warmTransfer(transport)), 3, 1, "502 Bad Gateway");
    assertThat(err.toString()).doesNotContain("<").doesNotContain(">");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void malformedJson400ExitsThreeAfterOneRequest(Transport transport) {
    server.enqueue(ScriptedResponse.json(400, "{\"api_id\": \"" + API_ID + "\", \"error\": "));

    assertFailure(run(warmTransfer(transport)), 3, 1, "400");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void http429OnceThenAcceptedExitsZeroAfterTwoRequests(Transport transport) {
    server
        .enqueue(ScriptedResponse.json(429, "{\"error\": \"too many requests\"}"))
        .enqueue(ScriptedResponse.json(201, ACCEPTED));

    assertAccepted(run(warmTransfer(transport)), 2);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void http503WithRetryAfterOnceThenAcceptedExitsZeroAfterTwoRequests(Transport transport) {
    server
        .enqueue(ScriptedResponse.json(503, "{}").withHeader("Retry-After", "1"))
        .enqueue(ScriptedResponse.json(201, ACCEPTED));

    assertAccepted(run(warmTransfer(transport)), 2);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void http429ForeverExitsThreeAfterTheBoundedAttempts(Transport transport) {
    for (int i = 0; i < 10; i++) {
      server.enqueue(ScriptedResponse.json(429, "{\"error\": \"too many requests\"}"));
    }

    // RetryPolicy.defaults(): 3 attempts in all.
    assertFailure(run(warmTransfer(transport)), 3, 3, "429");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void noAnswerExitsFourSoonAfterTheTimeout(Transport transport) {
    server.enqueue(ScriptedResponse.noAnswer());

    long start = System.nanoTime();
    int exit = run(warmTransfer(transport, "--timeout", "2s"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertFailure(exit, 4, 1, "2000 ms");
    assertThat(elapsed)
        .as("time to give up")
        .isLessThan(Duration.ofSeconds(2).plus(NO_ANSWER_BOUND));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resetAfterTheRequestExitsFourAfterOneRequest(Transport transport) {
    server.enqueue(ScriptedResponse.resetAfterRequest());

    assertFailure(run(warmTransfer(transport)), 4, 1, "may have performed");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAcceptedAnswerOf64MebibytesIsAReceiptWithoutItsBody(Transport transport) {
    server.enqueue(ScriptedResponse.hugeBody(200, 64L << 20));

    assertThat(run(warmTransfer(transport))).as("exit code; stderr: " + err).isZero();
    assertThat(server.requestCount()).as("requests sent").isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(
            "{\"status\":200,\"api_id\":null,\"unreadable_body\":\"the body is larger than"
                + " 1048576 bytes\"}");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anErrorOf64MebibytesExitsFourAfterOneRequest(Transport transport) {
    server.enqueue(ScriptedResponse.hugeBody(500, 64L << 20));

    assertFailure(run(warmTransfer(transport)), 4, 1, "larger than");
  }

  // ---- helpers ----

  private int run(String... args) {
    return cli.run(args);
  }

  private String[] warmTransfer(Transport transport, String... more) {
    List<String> args =
        new ArrayList<>(List.of(cli.against(transport, CliFixture.warmTransfer("+14152225555"))));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private void assertFailure(int exit, int expectedExit, int requests, String mentioned) {
    String stderr = err.toString();
    assertThat(exit).as("exit code; stderr: " + stderr).isEqualTo(expectedExit);
    assertThat(server.requestCount()).as("requests sent").isEqualTo(requests);
    assertThat(stderr.lines()).as("stderr lines: " + stderr).hasSize(1);
    assertThat(stderr).startsWith("handoff: ").contains(mentioned).doesNotContain("\tat ");
    assertThat(stderr).doesNotContainPattern("\\bat [a-z]+\\.[a-zA-Z.$]+\\(");
    assertThat(out.toString()).as("stdout").isEmpty();
  }

  private void assertAccepted(int exit, int requests) {
    assertThat(exit).as("exit code; stderr: " + err).isZero();
    assertThat(server.requestCount()).as("requests sent").isEqualTo(requests);
    assertThat(out.toString().lines())
        .containsExactly("{\"status\":201,\"api_id\":\"" + API_ID + "\"}");
    assertThat(err.toString()).isEmpty();
  }
}
