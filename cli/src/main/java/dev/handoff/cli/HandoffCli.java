package dev.handoff.cli;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.TransportFailureException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code handoff}: performs Plivo call transfers from a shell.
 *
 * <p>Exit codes: 0 accepted; 2 invalid input or usage, nothing sent; 3 Plivo answered with an error
 * status; 4 no usable answer (connection failed, timed out, unreadable). On success one JSON line
 * goes to stdout; on failure one line to stderr, without a stack trace. Credentials come only from
 * {@code PLIVO_AUTH_ID} and {@code PLIVO_AUTH_TOKEN}.
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
          + " 4 no usable answer."
    },
    subcommands = {
      Commands.WarmTransferCommand.class,
      Commands.ColdTransferCommand.class,
      Commands.AddMemberCommand.class,
      Commands.MemberCommand.class,
      Commands.NodeCommand.class,
      Commands.TransferCallCommand.class,
      DemoCommand.class,
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

  private HandoffCli(Map<String, String> environment) {
    this.environment = environment;
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
    CommandLine commandLine = new CommandLine(new HandoffCli(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(HandoffCli::usageError);
    commandLine.setExecutionExceptionHandler(HandoffCli::failure);
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /** The configuration for a command that talks to Plivo. */
  HandoffConfig config() {
    return global.config(environment);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command
        .getErr()
        .println(
            "handoff: "
                + e.getMessage()
                + " (see '"
                + command.getCommandSpec().qualifiedName()
                + " --help')");
    return INVALID;
  }

  private static int failure(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (e instanceof PlivoErrorException) {
      err.println("handoff: Plivo refused: " + e.getMessage());
      return PLIVO_ERROR;
    }
    if (e instanceof TransportFailureException) {
      err.println("handoff: no usable answer from Plivo: " + e.getMessage());
      return NO_ANSWER;
    }
    if (e instanceof InvalidInputException) {
      err.println("handoff: invalid input, nothing sent: " + e.getMessage());
      return INVALID;
    }
    err.println("handoff: unexpected failure: " + e);
    return 1;
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"handoff " + Handoff.version()};
    }
  }
}
