package dev.handoff.cli;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyKey;
import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeActionBuilder;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The commands that send one request to Plivo. */
final class Commands {
  private Commands() {}

  /**
   * A command that validates its request first (exit 2, nothing sent, on a bad value), then reads
   * the credentials, sends through the chosen transport and prints Plivo's answer as one JSON line.
   * Whatever fails before the request could be handed to the transport is exit 2 (nothing was sent)
   * or, when the transport itself cannot start for a reason other than the input, exit 4.
   */
  abstract static class PlivoCommand implements Callable<Integer> {
    /** How core's refusal of a key used before for another request begins. */
    static final String KEY_REUSED = "this idempotency key was used before for a different request";

    @ParentCommand HandoffCli cli;

    /** Builds the validated request and what to do with it; throws on invalid input. */
    abstract Function<Handoff, String> prepare();

    /** The {@code --idempotency-key} of a sending command; null for a read, or when not given. */
    @Nullable IdempotencyKey idempotencyKey() {
      return null;
    }

    @Override
    public Integer call() {
      Function<Handoff, String> operation;
      HandoffConfig config;
      @Nullable IdempotencyKey key;
      Coordination coordination = null;
      try {
        operation = prepare();
        key = idempotencyKey();
        HandoffConfig.Builder builder = cli.configBuilder();
        coordination = cli.global.coordination(key != null);
        config = coordination.configure(builder).build();
      } catch (RuntimeException e) {
        if (coordination != null) {
          coordination.close();
        }
        // Only the command line and the environment went in, and nothing went out.
        throw InvalidInputException.of(e);
      }
      try {
        Transport transport = cli.global.transport;
        Handoff handoff;
        try {
          handoff = cli.create(transport, config);
        } catch (IllegalArgumentException e) {
          throw InvalidInputException.of(e); // a value the transport refuses, as the library should
        } catch (RuntimeException e) {
          throw new TransportUnavailableException(transport, e);
        }
        String answer;
        try {
          answer = operation.apply(key == null ? handoff : handoff.withIdempotencyKey(key));
        } catch (IllegalArgumentException e) {
          if (key != null && String.valueOf(e.getMessage()).startsWith(KEY_REUSED)) {
            // The key was used before for another request: refused before sending (core throws
            // an IllegalArgumentException of its own, not a public type, so its words say it).
            throw InvalidInputException.of(e);
          }
          throw e; // nobody foresaw it: exit 4, Plivo may have performed it
        } finally {
          closeQuietly(handoff);
        }
        cli.out().println(answer);
        return 0;
      } finally {
        coordination.close();
      }
    }

    /** Plivo's answer is known by now: a failure to close changes nothing about it. */
    private static void closeQuietly(Handoff handoff) {
      try {
        handoff.close();
      } catch (RuntimeException ignored) {
        // The exit code says what Plivo did; a transport that closes badly cannot change that.
      }
    }
  }

  /**
   * A command that changes something at Plivo, and so takes {@code --idempotency-key}: runs with
   * the same key, sharing an idempotency store ({@code --redis-url}, or this process), send once.
   */
  abstract static class SendingCommand extends PlivoCommand {
    @Option(
        names = "--idempotency-key",
        paramLabel = "KEY",
        description =
            "Sends this request once across every run with the same KEY (1-255 characters; with"
                + " --redis-url, across every host sharing that Redis, for 24 hours): a repeat"
                + " prints the first one's answer, or exits 4 when its outcome is unknown. Derive"
                + " KEY from the business action, never a random value per attempt.")
    @Nullable String idempotencyKey;

    @Override
    @Nullable IdempotencyKey idempotencyKey() {
      return idempotencyKey == null ? null : IdempotencyKey.of(idempotencyKey);
    }
  }

  /** The node every PHLO command addresses: {@code --phlo-id} and {@code --node-id}. */
  static final class NodeOptions {
    @Option(names = "--phlo-id", required = true, paramLabel = "ID", description = "PHLO id.")
    String phloId;

    @Option(
        names = "--node-id",
        required = true,
        paramLabel = "ID",
        description = "Multi-party call node id.")
    String nodeId;

    PhloId phlo() {
      return PhloId.of(phloId);
    }

    NodeId node() {
      return NodeId.of(nodeId);
    }
  }

  /** The options shared by the node actions. */
  static final class NodeActionOptions {
    @Mixin NodeOptions node;

    @Option(
        names = "--trigger-source",
        required = true,
        paramLabel = "ADDR",
        description = "The member initiating the action: a phone number or sip:user@host.")
    String triggerSource;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "ADDR",
        description = "The party to dial: a phone number or sip:user@host.")
    String to;

    @Option(
        names = "--role",
        paramLabel = "agent|customer",
        description = "Role of the dialled party (default: agent).")
    String role = "agent";

    <T extends dev.handoff.model.NodeAction> T build(NodeActionBuilder<T> builder) {
      return builder
          .phloId(node.phlo())
          .nodeId(node.node())
          .triggerSource(triggerSource)
          .to(to)
          .role(Role.parse(role))
          .build();
    }
  }

  @Command(
      name = "warm-transfer",
      description =
          "Warm transfer: the trigger source and the target speak privately while the other"
              + " member waits on hold, then the waiting member joins the target.")
  static final class WarmTransferCommand extends SendingCommand {
    @Mixin NodeActionOptions options;

    @Override
    Function<Handoff, String> prepare() {
      WarmTransfer transfer = options.build(WarmTransfer.builder());
      return handoff -> Json.receipt(handoff.warmTransfer(transfer));
    }
  }

  @Command(
      name = "cold-transfer",
      description =
          "Cold transfer: the other member is connected straight to the target and the trigger"
              + " source leaves the call.")
  static final class ColdTransferCommand extends SendingCommand {
    @Mixin NodeActionOptions options;

    @Override
    Function<Handoff, String> prepare() {
      ColdTransfer transfer = options.build(ColdTransfer.builder());
      return handoff -> Json.receipt(handoff.coldTransfer(transfer));
    }
  }

  @Command(
      name = "add-member",
      description = "Dials a party and adds them to the multi-party call.")
  static final class AddMemberCommand extends SendingCommand {
    @Mixin NodeActionOptions options;

    @Override
    Function<Handoff, String> prepare() {
      AddMember member = options.build(AddMember.builder());
      return handoff -> Json.receipt(handoff.addMember(member));
    }
  }

  @Command(
      name = "member",
      description =
          "An action on one member: abort-transfer, resume-call, hold, unhold, hangup,"
              + " voicemail-drop, mute or unmute. mute and unmute rest on thin evidence: Plivo"
              + " documents them for conference-bridge members only, not for multi-party calls.")
  static final class MemberCommand extends SendingCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "The member action.")
    String action;

    @Mixin NodeOptions node;

    @Option(
        names = "--member",
        required = true,
        paramLabel = "ADDR",
        description = "The member's address: a phone number or sip:user@host.")
    String member;

    @Override
    Function<Handoff, String> prepare() {
      MemberAction request =
          MemberAction.builder()
              .phloId(node.phlo())
              .nodeId(node.node())
              .member(field("member", member))
              .type(MemberActionType.parse(action))
              .build();
      return handoff -> Json.receipt(handoff.memberAction(request));
    }
  }

  @Command(
      name = "node",
      description = "Reads a multi-party call node; prints it as one JSON line.")
  static final class NodeCommand extends PlivoCommand {
    @Mixin NodeOptions node;

    @Override
    Function<Handoff, String> prepare() {
      ReadNode read = new ReadNode(node.phlo(), node.node());
      return handoff -> Json.node(handoff.readNode(read));
    }
  }

  @Command(
      name = "call",
      description =
          "Voice API: reads a live call (its status, direction, from, to, bridged leg); prints it"
              + " as one JSON line. Exit 3 when the call is not live. How to check a call transfer"
              + " whose outcome is unknown.")
  static final class CallCommand extends PlivoCommand {
    @Option(
        names = "--call-uuid",
        required = true,
        paramLabel = "UUID",
        description = "The call's UUID.")
    String callUuid;

    @Override
    Function<Handoff, String> prepare() {
      ReadLiveCall read = new ReadLiveCall(CallUuid.of(callUuid));
      return handoff -> Json.liveCall(handoff.readLiveCall(read));
    }
  }

  @Command(
      name = "transfer-call",
      description =
          "Voice API: moves the A leg, the B leg or both legs of a live call to new XML URLs.")
  static final class TransferCallCommand extends SendingCommand {
    @Option(
        names = "--call-uuid",
        required = true,
        paramLabel = "UUID",
        description = "The live call's UUID.")
    String callUuid;

    @Option(
        names = "--legs",
        paramLabel = "aleg|bleg|both",
        description = "Which legs move (default: aleg, as Plivo's).")
    String legs = "aleg";

    @Option(names = "--aleg-url", paramLabel = "URL", description = "New XML URL of the A leg.")
    @Nullable String aLegUrl;

    @Option(
        names = "--aleg-method",
        paramLabel = "GET|POST",
        description = "Method for --aleg-url (default: POST).")
    String aLegMethod = "POST";

    @Option(names = "--bleg-url", paramLabel = "URL", description = "New XML URL of the B leg.")
    @Nullable String bLegUrl;

    @Option(
        names = "--bleg-method",
        paramLabel = "GET|POST",
        description = "Method for --bleg-url (default: POST).")
    String bLegMethod = "POST";

    @Override
    Function<Handoff, String> prepare() {
      CallUuid uuid = CallUuid.of(callUuid);
      UrlMethod aMethod = method("--aleg-method", aLegMethod);
      UrlMethod bMethod = method("--bleg-method", bLegMethod);
      Legs transfer;
      switch (legs.toLowerCase(Locale.ROOT)) {
        case "aleg":
          forbid("--bleg-url", bLegUrl, "aleg");
          transfer = Legs.aLeg(url("--aleg-url", aLegUrl, aMethod, "aleg"));
          break;
        case "bleg":
          forbid("--aleg-url", aLegUrl, "bleg");
          transfer = Legs.bLeg(url("--bleg-url", bLegUrl, bMethod, "bleg"));
          break;
        case "both":
          transfer =
              Legs.both(
                  url("--aleg-url", aLegUrl, aMethod, "both"),
                  url("--bleg-url", bLegUrl, bMethod, "both"));
          break;
        default:
          throw new IllegalArgumentException(
              "--legs must be aleg, bleg or both, was '" + legs + "'");
      }
      CallTransfer request = new CallTransfer(uuid, transfer);
      return handoff -> Json.receipt(handoff.transferCall(request));
    }

    private static UrlMethod method(String option, String value) {
      try {
        return UrlMethod.parse(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
      }
    }

    private static WebhookUrl url(
        String option, @Nullable String value, UrlMethod method, String legs) {
      if (value == null) {
        throw new IllegalArgumentException(option + " is required with --legs " + legs);
      }
      try {
        return WebhookUrl.of(value, method);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
      }
    }

    private static void forbid(String option, @Nullable String value, String legs) {
      if (value != null) {
        throw new IllegalArgumentException(option + " must not be given with --legs " + legs);
      }
    }
  }

  static Address field(String option, String value) {
    try {
      return Address.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.valueOf(e.getMessage()).replaceFirst("^address", "--" + option), e);
    }
  }
}
