package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every CLI test sets up: a fake Plivo on loopback, seeded as the test needs; the CLI run in
 * process against it with its output captured, as a person at a shell would run it (credentials
 * from the environment only); and, after the test, the server closed and the check that nothing the
 * CLI printed shows the Auth Token or its {@code Authorization} form. One per test instance:
 *
 * <pre>{@code
 * @RegisterExtension final CliFixture cli = CliFixture.standard(CREDENTIALS);
 * private final FakePlivoServer server = cli.server();
 * }</pre>
 */
final class CliFixture implements AfterEachCallback {
  /** The seeded multi-party call's PHLO and node, and the member that triggers transfers. */
  static final String PHLO = "phlo-1";

  static final String NODE = "node-1";
  static final String TRIGGER_SOURCE = "+14152223333";

  /** The seeded live call. */
  static final String CALL = "55309cee-821d-11e4-9a73-498d468c930b";

  private final Credentials credentials;
  private final Map<String, String> environment;
  private final FakePlivoServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Run> apart = new ArrayList<>();

  /** One CLI run's exit code and output, captured apart from the fixture's own. */
  record Run(int exit, String out, String err) {}

  private CliFixture(Credentials credentials, Function<Credentials, FakePlivoServer> start) {
    this.credentials = credentials;
    this.environment =
        Map.of("PLIVO_AUTH_ID", credentials.authId(), "PLIVO_AUTH_TOKEN", credentials.authToken());
    this.server = start.apply(credentials);
  }

  /**
   * A fake whose node {@link #PHLO}/{@link #NODE} holds {@link #TRIGGER_SOURCE} and {@code
   * +14152224444}, in the call, and whose call {@link #CALL} is live.
   */
  static CliFixture standard(Credentials credentials) {
    return over(
        credentials,
        c ->
            FakePlivoServer.start(c)
                .addNode(
                    PhloId.of(PHLO),
                    NodeId.of(NODE),
                    Address.of(TRIGGER_SOURCE),
                    Address.of("+14152224444"))
                .addCall(CallUuid.of(CALL)));
  }

  /** A fake that {@code start} starts and seeds for {@code credentials}. */
  static CliFixture over(Credentials credentials, Function<Credentials, FakePlivoServer> start) {
    return new CliFixture(credentials, start);
  }

  FakePlivoServer server() {
    return server;
  }

  /** What the CLI printed on standard output so far (clear it with {@code getBuffer()}). */
  StringWriter out() {
    return out;
  }

  /** What the CLI printed on standard error so far. */
  StringWriter err() {
    return err;
  }

  /** {@code PLIVO_AUTH_ID} and {@code PLIVO_AUTH_TOKEN} of the fixture's credentials. */
  Map<String, String> environment() {
    return environment;
  }

  /** Runs the CLI with the fixture's environment; the exit code. */
  int run(String... args) {
    return run(environment, args);
  }

  /** Runs the CLI with {@code env} as its whole environment; the exit code. */
  int run(Map<String, String> env, String... args) {
    return HandoffCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
  }

  /** Runs the CLI creating each {@link Handoff} with {@code transports}; the exit code. */
  int run(BiFunction<Transport, HandoffConfig, Handoff> transports, String... args) {
    return HandoffCli.run(
        args, new PrintWriter(out, true), new PrintWriter(err, true), environment, transports);
  }

  /**
   * Runs the CLI with output of its own, as a separate process would have (thread-safe, for runs at
   * once); the output is checked for the Auth Token after the test too.
   */
  Run runApart(String... args) {
    StringWriter runOut = new StringWriter();
    StringWriter runErr = new StringWriter();
    int exit =
        HandoffCli.run(
            args, new PrintWriter(runOut, true), new PrintWriter(runErr, true), environment);
    Run run = new Run(exit, runOut.toString(), runErr.toString());
    synchronized (apart) {
      apart.add(run);
    }
    return run;
  }

  /** {@code args} then {@code --transport}, and both base URLs at the fake. */
  String[] against(Transport transport, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--transport", transport.label()));
    all.addAll(List.of(baseUrls()));
    return all.toArray(String[]::new);
  }

  /** {@code --phlo-url} and {@code --voice-url}, both the fake's base URL. */
  String[] baseUrls() {
    String url = server.baseUrl().toString();
    return new String[] {"--phlo-url", url, "--voice-url", url};
  }

  /** A warm transfer in the seeded node, from {@link #TRIGGER_SOURCE} to {@code to}. */
  static String[] warmTransfer(String to) {
    return new String[] {
      "warm-transfer",
      "--phlo-id",
      PHLO,
      "--node-id",
      NODE,
      "--trigger-source",
      TRIGGER_SOURCE,
      "--to",
      to
    };
  }

  /** Everything the CLI printed in this test: the fixture's output and every run's apart. */
  String printed() {
    StringBuilder printed = new StringBuilder().append(out).append(err);
    synchronized (apart) {
      for (Run run : apart) {
        printed.append(run.out()).append(run.err());
      }
    }
    return printed.toString();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.close();
    String printed = printed();
    String token = credentials.authToken();
    assertThat(printed).as("everything the CLI printed").doesNotContainIgnoringCase(token);
    for (String value : List.of(credentials.authId() + ":" + token, token)) {
      // Without padding: a prefix of the padded form, so either form is caught.
      assertThat(printed)
          .as(
              "everything the CLI printed, for the Base64 of "
                  + (value.equals(token) ? "the token" : "auth_id:token"))
          .doesNotContain(
              Base64.getEncoder()
                  .withoutPadding()
                  .encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
