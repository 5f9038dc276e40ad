package dev.handoff.cli;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.CoordinationUnavailableException;
import dev.handoff.model.DuplicateInDoubtException;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.RateBudgetExhaustedException;
import dev.handoff.model.TransportFailureException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code handoff}: performs Plivo call transfers from a shell.
 *
 * <p>Exit codes: 0 accepted (for {@code verify-signature}: genuine); 2 invalid input or usage,
 * nothing sent; 3 Plivo answered with an error status; 4 no usable answer (connection failed, timed
 * out, unreadable); 5 the signature is not genuine ({@code verify-signature} only). Never any
 * other: a failure nobody foresaw is 2 while the request was still being built (nothing was sent),
 * else 4 (Plivo may have performed it). On success one JSON line goes to stdout; on failure one
 * line to stderr, without a stack trace or the credentials. Credentials come only from {@code
 * PLIVO_AUTH_ID} and {@code PLIVO_AUTH_TOKEN}.
 */
@Command(
    name = "handoff",
    mixinStandardHelpOptions = true,
    versionProvider = HandoffCli.Version.class,
    description = "Performs Plivo call transfers (PHLO multi-party call, Voice API).",
    footer = {
      "",
      "Credentials: PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN environment variables.",
      "Exit codes: 0 accepted, 2 invalid input (nothing sent), 3 Plivo answered an error,"
          + " 4 no usable answer, 5 not genuine (verify-signature).",
      "With --idempotency-key: the key used before for another request exits 2 (nothing sent);"
          + " a repeat of a request whose outcome is unknown exits 4 (check the call); Redis"
          + " unreachable or the rate budget exhausted within --timeout exits 4 (nothing sent)."
    },
    subcommands = {
      Commands.WarmTransferCommand.class,
      Commands.ColdTransferCommand.class,
      Commands.AddMemberCommand.class,
      Commands.MemberCommand.class,
      Commands.NodeCommand.class,
      Commands.TransferCallCommand.class,
      Commands.CallCommand.class,
      DemoCommand.class,
      VerifySignatureCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HandoffCli implements Runnable {
  /** Exit code: Plivo accepted the request. */
  static final int ACCEPTED = 0;

  /** Exit code: invalid input or usage; nothing was sent. */
  static final int INVALID = 2;

  /** Exit code: Plivo answered with an error status. */
  static final int PLIVO_ERROR = 3;

  /** Exit code: no usable answer. */
  static final int NO_ANSWER = 4;

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private List<String> others = List.of();
  private final BiFunction<Transport, HandoffConfig, Handoff> transports;

  private HandoffCli(
      Map<String, String> environment, BiFunction<Transport, HandoffConfig, Handoff> transports) {
    this.environment = environment;
    this.transports = transports;
  }

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line, for example {@code warm-transfer --phlo-id … --to …}
   */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            System.getenv()));
  }

  /**
   * Runs the CLI with the given output streams and environment, and returns the exit code (for
   * tests).
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    return run(args, out, err, environment, Transport::create);
  }

  /**
   * Runs the CLI, creating each {@link Handoff} with {@code transports} (for tests of what the CLI
   * does when a transport fails in ways no real one is known to).
   */
  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      BiFunction<Transport, HandoffConfig, Handoff> transports) {
    try {
      HandoffCli cli = new HandoffCli(environment, transports);
      CommandLine commandLine = new CommandLine(cli);
      List<String> others = StderrLine.redisSecrets(args);
      cli.others = others;
      commandLine.setOut(out);
      commandLine.setErr(err);
      commandLine.setParameterExceptionHandler(cli::usageError);
      commandLine.setExecutionExceptionHandler(
          (e, command, parseResult) -> failure(e, command.getErr(), environment, others));
      return commandLine.execute(args);
    } catch (RuntimeException | Error e) {
      // picocli passes an Error (a missing class, say) through: still one line and a listed code.
      return failure(e, err, environment, StderrLine.redisSecrets(args));
    }
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /** The configuration for a command that talks to Plivo. */
  HandoffConfig config() {
    return global.config(environment);
  }

  /** As {@link #config()}, a builder still open to the command's coordination. */
  HandoffConfig.Builder configBuilder() {
    return global.builder(environment);
  }

  /** A {@link Handoff} over {@code transport}. */
  Handoff create(Transport transport, HandoffConfig config) {
    return transports.apply(transport, config);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command
        .getErr()
        .println(
            "handoff: "
                + StderrLine.of(
                    e.getMessage()
                        + " (see '"
                        + command.getCommandSpec().qualifiedName()
                        + " --help')",
                    environment,
                    others));
    return INVALID;
  }

  private static int failure(
      Throwable e, PrintWriter err, Map<String, String> environment, List<String> others) {
    String line;
    int exit;
    if (e instanceof DuplicateInDoubtException) {
      line =
          "not sent again, the first outcome is unknown: "
              + e.getMessage()
              + " ('handoff call --call-uuid …' or 'handoff node …' shows the call)";
      exit = NO_ANSWER;
    } else if (e instanceof CoordinationUnavailableException
        || e instanceof RateBudgetExhaustedException) {
      line = "nothing sent: " + e.getMessage();
      exit = NO_ANSWER;
    } else if (e instanceof PlivoErrorException) {
      // The exception's message says what Plivo answered, and whether the outcome is unknown.
      line = e.getMessage();
      exit = PLIVO_ERROR;
    } else if (e instanceof TransportFailureException
        || e instanceof TransportUnavailableException) {
      line = "no usable answer from Plivo: " + e.getMessage();
      exit = NO_ANSWER;
    } else if (e instanceof InvalidInputException) {
      line = "invalid input, nothing sent: " + e.getMessage();
      exit = INVALID;
    } else {
      // Nobody foresaw it, so nobody knows whether the request left: it may have been performed.
      line = "unexpected failure, Plivo may have performed the request: " + StderrLine.describe(e);
      exit = NO_ANSWER;
    }
    err.println("handoff: " + StderrLine.of(line, environment, others));
    return exit;
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"handoff " + Handoff.version()};
    }
  }
}
