package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.CALL;
import static dev.handoff.testkit.contract.Fixtures.CALL_PATH;
import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.NODE_PATH;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.SIP;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static dev.handoff.testkit.contract.Fixtures.U2;
import static dev.handoff.testkit.contract.Fixtures.U3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.Wire;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.RecordedPlivoRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire contract: for every operation, the exact request a transport sends to Plivo — method,
 * raw path, {@code Authorization}, {@code Content-Type}, {@code User-Agent} and the JSON body
 * (compared as JSON) — that exactly one request is sent, and what the answer becomes. Each test
 * runs the blocking and the asynchronous form against a fresh {@link FakePlivoServer}.
 *
 * <p>The expected requests are spelled out here from Plivo's documents and {@code
 * docs/plivo-api.md}, not computed with {@link Wire}, so the suite also catches a mistake in {@code
 * Wire}. A transport's test extends it in a few lines:
 *
 * <pre>{@code
 * class RetrofitWireContractTest extends WireContract {
 *   @Override protected Handoff createHandoff(HandoffConfig config) {
 *     return RetrofitHandoff.create(config);
 *   }
 *   @Override protected String transportName() { return "retrofit"; }
 * }
 * }</pre>
 */
@DisplayNameGeneration(Cases.MethodNames.class)
public abstract class WireContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern USER_AGENT =
      Pattern.compile("handoff-java/[^ ()]+ \\(([^;()]+); Java [^ ()]+\\)");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String SEED_WARM_TRANSFER =
      "{\"action\":\"warm_transfer\",\"to\":\"+14152225555\",\"role\":\"agent\","
          + "\"trigger_source\":\"+14152223333\"}";
  private static final String SEED_CALL_TRANSFER =
      "{\"legs\":\"both\",\"aleg_url\":\"http://aleg.url\",\"aleg_method\":\"GET\","
          + "\"bleg_url\":\"http://bleg.url\",\"bleg_method\":\"GET\"}";

  private static final Map<MemberActionType, String> ACTIONS =
      Map.of(
          MemberActionType.ABORT_TRANSFER, "abort_transfer",
          MemberActionType.RESUME_CALL, "resume_call",
          MemberActionType.HOLD, "hold",
          MemberActionType.UNHOLD, "unhold",
          MemberActionType.HANGUP, "hangup",
          MemberActionType.VOICEMAIL_DROP, "voicemail_drop",
          MemberActionType.MUTE, "mute",
          MemberActionType.UNMUTE, "unmute");

  private @Nullable FakePlivoServer server;
  private @Nullable Handoff handoff;

  /** For subclasses. */
  protected WireContract() {}

  /**
   * A Handoff over the transport under test, configured with {@code config}; the suite closes it.
   */
  protected abstract Handoff createHandoff(HandoffConfig config);

  /**
   * The transport's short name, which its {@code User-Agent} carries: {@code handoff-java/<version>
   * (<transportName>; Java <version>)}.
   */
  protected abstract String transportName();

  @BeforeEach
  void startServer() {
    server = Fixtures.startServer();
    handoff = createHandoff(Fixtures.config(server.baseUrl(), TIMEOUT));
  }

  @AfterEach
  void closeAll() {
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

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void warmTransferSendsTheSeedRequest(Form form) {
    WarmTransfer transfer = new WarmTransfer(PHLO, NODE, U1, U3);

    Receipt receipt = call(form, h -> h.warmTransfer(transfer), h -> h.warmTransferAsync(transfer));

    assertOnePost(NODE_PATH, SEED_WARM_TRANSFER);
    assertAccepted(receipt, 201);
    assertThat(server().members(PHLO, NODE)).containsExactly(U1, U2, SIP, U3);
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void coldTransferSendsRoleAndSipTarget(Form form) {
    ColdTransfer transfer =
        ColdTransfer.builder()
            .phloId(PHLO)
            .nodeId(NODE)
            .triggerSource("+14152223333")
            .to("sip:agent2@phone.plivo.com")
            .role(Role.CUSTOMER)
            .build();

    Receipt receipt = call(form, h -> h.coldTransfer(transfer), h -> h.coldTransferAsync(transfer));

    assertOnePost(
        NODE_PATH,
        "{\"action\":\"cold_transfer\",\"to\":\"sip:agent2@phone.plivo.com\",\"role\":\"customer\","
            + "\"trigger_source\":\"+14152223333\"}");
    assertAccepted(receipt, 201);
    assertThat(server().members(PHLO, NODE))
        .containsExactly(U2, SIP, Address.of("sip:agent2@phone.plivo.com"));
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void addMemberSendsActionCall(Form form) {
    AddMember member = new AddMember(PHLO, NODE, SIP, Address.of("14152226666"));

    Receipt receipt = call(form, h -> h.addMember(member), h -> h.addMemberAsync(member));

    assertOnePost(
        NODE_PATH,
        "{\"action\":\"call\",\"to\":\"14152226666\",\"role\":\"agent\","
            + "\"trigger_source\":\"sip:agent1@phone.plivo.com\"}");
    assertAccepted(receipt, 201);
    assertThat(server().members(PHLO, NODE)).contains(Address.of("14152226666"));
  }

  static Stream<Arguments> memberActions() {
    List<Arguments> arguments = new ArrayList<>();
    for (MemberActionType action : MemberActionType.values()) {
      for (Address member : List.of(U1, SIP)) {
        for (Form form : Form.values()) {
          arguments.add(Arguments.of(action, member, form));
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} on {1}, {2}")
  @MethodSource("memberActions")
  void memberActionPutsTheAddressUnescapedInThePath(
      MemberActionType type, Address member, Form form) {
    MemberAction action = new MemberAction(PHLO, NODE, member, type);
    Fixtures.prepare(server().model(), action);

    Receipt receipt = call(form, h -> h.memberAction(action), h -> h.memberActionAsync(action));

    // '+', ':' and '@' are allowed in a path segment (RFC 3986) and Plivo's SDKs send them as is.
    assertOnePost(
        NODE_PATH + "/members/" + member.value(), "{\"action\":\"" + ACTIONS.get(type) + "\"}");
    assertAccepted(receipt, 201);
    if (type == MemberActionType.HANGUP) {
      assertThat(server().members(PHLO, NODE)).doesNotContain(member);
    }
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void readNodeSendsAGetWithoutBodyAndParsesTheNode(Form form) {
    ReadNode read = new ReadNode(PHLO, NODE);

    MultiPartyCallNode node = call(form, h -> h.readNode(read), h -> h.readNodeAsync(read));

    RecordedPlivoRequest request = assertOneRequest("GET", NODE_PATH);
    assertThat(request.body()).as("body of the GET").isEmpty();
    assertThat(request.header("Content-Type")).as("Content-Type of the GET").isNull();
    assertThat(node.phloId()).isEqualTo(PHLO);
    assertThat(node.nodeId()).isEqualTo(NODE);
    assertThat(node.name()).isEqualTo("Multi-Party Call");
    assertThat(node.nodeType()).isEqualTo("multi_party_call");
    assertThat(node.createdOn())
        .isEqualTo(OffsetDateTime.of(2020, 8, 1, 9, 5, 11, 846_982_000, ZoneOffset.UTC));
    assertThat(node.apiId()).matches(UUID);
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void callTransferOfBothLegsSendsTheSeedRequest(Form form) {
    CallTransfer transfer =
        new CallTransfer(
            CALL,
            Legs.both(
                WebhookUrl.of("http://aleg.url", UrlMethod.GET),
                WebhookUrl.of("http://bleg.url", UrlMethod.GET)));

    Receipt receipt = call(form, h -> h.transferCall(transfer), h -> h.transferCallAsync(transfer));

    assertOnePost(CALL_PATH, SEED_CALL_TRANSFER);
    assertAccepted(receipt, 202);
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void callTransferOfBothLegsWithPost(Form form) {
    CallTransfer transfer =
        new CallTransfer(
            CALL,
            Legs.both(
                WebhookUrl.of("https://example.com/a.xml"),
                WebhookUrl.of("https://example.com/b.xml", UrlMethod.POST)));

    Receipt receipt = call(form, h -> h.transferCall(transfer), h -> h.transferCallAsync(transfer));

    assertOnePost(
        CALL_PATH,
        "{\"legs\":\"both\",\"aleg_url\":\"https://example.com/a.xml\",\"aleg_method\":\"POST\","
            + "\"bleg_url\":\"https://example.com/b.xml\",\"bleg_method\":\"POST\"}");
    assertAccepted(receipt, 202);
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void callTransferOfTheALegOnly(Form form) {
    CallTransfer transfer = new CallTransfer(CALL, Legs.aLeg(WebhookUrl.of("http://aleg.url")));

    Receipt receipt = call(form, h -> h.transferCall(transfer), h -> h.transferCallAsync(transfer));

    assertOnePost(
        CALL_PATH, "{\"legs\":\"aleg\",\"aleg_url\":\"http://aleg.url\",\"aleg_method\":\"POST\"}");
    assertAccepted(receipt, 202);
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void callTransferOfTheBLegOnly(Form form) {
    CallTransfer transfer =
        new CallTransfer(
            CALL, Legs.bLeg(WebhookUrl.of("http://bleg.url/x?y=1&z=2", UrlMethod.GET)));

    Receipt receipt = call(form, h -> h.transferCall(transfer), h -> h.transferCallAsync(transfer));

    assertOnePost(
        CALL_PATH,
        "{\"legs\":\"bleg\",\"bleg_url\":\"http://bleg.url/x?y=1&z=2\",\"bleg_method\":\"GET\"}");
    assertAccepted(receipt, 202);
  }

  @ParameterizedTest(name = Cases.ROW)
  @EnumSource(Form.class)
  void callTransferWithACallback(Form form) {
    CallTransfer transfer =
        new CallTransfer(
            CALL,
            Legs.aLeg(WebhookUrl.of("http://aleg.url", UrlMethod.GET)),
            WebhookUrl.of("https://example.com/transferred"));

    Receipt receipt = call(form, h -> h.transferCall(transfer), h -> h.transferCallAsync(transfer));

    assertOnePost(
        CALL_PATH,
        "{\"legs\":\"aleg\",\"aleg_url\":\"http://aleg.url\",\"aleg_method\":\"GET\","
            + "\"callback_url\":\"https://example.com/transferred\",\"callback_method\":\"POST\"}");
    assertAccepted(receipt, 202);
  }

  private FakePlivoServer server() {
    if (server == null) {
      throw new IllegalStateException("no server: @BeforeEach did not run");
    }
    return server;
  }

  private <T> T call(
      Form form, Function<Handoff, T> blocking, Function<Handoff, CompletableFuture<T>> async) {
    Handoff h = handoff;
    if (h == null) {
      throw new IllegalStateException("no handoff: @BeforeEach did not run");
    }
    if (form == Form.BLOCKING) {
      return blocking.apply(h);
    }
    try {
      return async.apply(h).get(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the asynchronous call failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the asynchronous call never completed", e);
    }
  }

  private void assertOnePost(String path, String json) {
    RecordedPlivoRequest request = assertOneRequest("POST", path);
    assertThat(request.header("Content-Type")).as("Content-Type").isEqualTo("application/json");
    assertThat(Fixtures.parse(request.body())).as("JSON body").isEqualTo(Fixtures.object(json));
  }

  private RecordedPlivoRequest assertOneRequest(String method, String path) {
    List<RecordedPlivoRequest> requests = server().httpRequests();
    assertThat(requests).as("requests sent").hasSize(1);
    RecordedPlivoRequest request = requests.get(0);
    assertThat(request.method()).as("method").isEqualTo(method);
    assertThat(request.path()).as("raw path").isEqualTo(path);
    assertThat(request.header("Authorization"))
        .as("Authorization (Basic auth of the credentials)")
        .isEqualTo(Fixtures.BASIC_AUTH);
    String userAgent = request.header("User-Agent");
    assertThat(userAgent).as("User-Agent").isNotNull().matches(USER_AGENT);
    assertThat(userAgent)
        .as("User-Agent")
        .isEqualTo(
            "handoff-java/"
                + Handoff.version()
                + " ("
                + transportName()
                + "; Java "
                + System.getProperty("java.version")
                + ")");
    return request;
  }

  private static void assertAccepted(Receipt receipt, int status) {
    assertThat(receipt.status()).as("receipt status").isEqualTo(status);
    assertThat(receipt.apiId()).as("receipt api_id (the server's fresh UUID)").matches(UUID);
  }
}
