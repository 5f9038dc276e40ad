package dev.handoff.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.TransferListener;
import dev.handoff.model.Address;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.ScriptedResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The lines a real {@code Handoff} logs through the listener, as logback records them. */
class Slf4jTransferListenerTest {
  private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
  private static final String AUTH_TOKEN = "test-token-0123456789abcdef";
  private static final PhloId PHLO = PhloId.of("phlo-7f3a");
  private static final NodeId NODE = NodeId.of("node-91c2");
  private static final Address AGENT = Address.of("+14152223333");
  private static final Address CUSTOMER = Address.of("+14155550100");
  private static final Address SUPERVISOR = Address.of("sip:supervisor@phone.plivo.com");
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, AGENT, SUPERVISOR);

  private final Logger logger = (Logger) LoggerFactory.getLogger(Slf4jTransferListener.LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final CallModel model = CallModel.create(AUTH_ID);
  private final FakeCallControl plivo = FakeCallControl.create(model);
  private Handoff handoff;

  Slf4jTransferListenerTest() {
    model.node(PHLO, NODE).member(AGENT).member(CUSTOMER);
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    handoff = open(Slf4jTransferListener.create());
  }

  private Handoff open(TransferListener listener) {
    return open(listener, plivo);
  }

  private static Handoff open(TransferListener listener, FakeCallControl plivo) {
    HandoffConfig config =
        plivo
            .configBuilder(new Credentials(AUTH_ID, AUTH_TOKEN))
            .retryPolicy(
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO))
            .listener(listener)
            .build();
    return Handoff.create(plivo, config);
  }

  @AfterEach
  void detach() {
    handoff.close();
    logger.detachAppender(appender);
    logger.setLevel(null);
  }

  private List<String> lines(Level level) {
    return appender.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  @Test
  void aRetriedThenFailedOperationLogsItsAttemptsItsRetryAndOneWarning() {
    plivo.enqueue(ScriptedResponse.json(429, "{\"api_id\":\"a1\",\"error\":\"too many\"}"));
    plivo.enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN));

    catchThrowable(() -> handoff.warmTransfer(WARM));

    assertThat(lines(Level.DEBUG))
        .containsExactly(
            "handoff warm_transfer attempt 1 started (to sip:***@phone.plivo.com, trigger_source"
                + " +1415***3333)",
            "handoff warm_transfer attempt 1 answered HTTP 429",
            "handoff warm_transfer attempt 2 started (to sip:***@phone.plivo.com, trigger_source"
                + " +1415***3333)",
            lines(Level.DEBUG).get(3));
    assertThat(lines(Level.DEBUG).get(3))
        .startsWith("handoff warm_transfer attempt 2 failed: TransportFailureException");
    assertThat(lines(Level.INFO))
        .singleElement()
        .asString()
        .matches("handoff warm_transfer attempt 1 failed \\(HTTP 429\\), retry in [0-9]+ ms");
    assertThat(lines(Level.WARN))
        .singleElement()
        .asString()
        .startsWith(
            "handoff warm_transfer (to sip:***@phone.plivo.com, trigger_source +1415***3333)"
                + " failed after 2 attempts in ")
        .contains("ms: TransportFailureException");
    ILoggingEvent warning =
        appender.list.stream().filter(e -> e.getLevel() == Level.WARN).findFirst().orElseThrow();
    assertThat(warning.getKeyValuePairs())
        .extracting(kv -> kv.key + "=" + kv.value)
        .contains(
            "operation=warm_transfer",
            "attempts=2",
            "error=TransportFailureException",
            "delivery=UNKNOWN");
  }

  @Test
  void plivosErrorTextIsMaskedTooAndNoCredentialOrRawNumberIsEverLogged() {
    // The model answers 400 "Member +14152223333 is in a private consultation." after the transfer.
    handoff.warmTransfer(WARM);
    catchThrowable(
        () -> handoff.memberAction(new MemberAction(PHLO, NODE, AGENT, MemberActionType.HOLD)));

    assertThat(lines(Level.WARN))
        .singleElement()
        .asString()
        .contains("(member +1415***3333)")
        .contains("RejectedException")
        .contains("+1415***3333 is in a private consultation");
    assertThat(lines(Level.INFO)).isEmpty();
    for (ILoggingEvent event : appender.list) {
      String all = event.getFormattedMessage() + " " + event.getKeyValuePairs();
      assertThat(all)
          .doesNotContain(AUTH_TOKEN)
          .doesNotContain("4152223333")
          .doesNotContain("4155550100")
          .doesNotContain("supervisor");
    }
  }

  @Test
  void aSuccessIsQuietAboveDebugAndUnmaskedShowsTheAddresses() {
    logger.setLevel(Level.INFO);
    handoff.warmTransfer(WARM);
    assertThat(appender.list).isEmpty();

    handoff.close();
    logger.setLevel(Level.DEBUG);
    CallModel fresh = CallModel.create(AUTH_ID);
    fresh.node(PHLO, NODE).member(AGENT).member(CUSTOMER);
    handoff = open(Slf4jTransferListener.create().unmasked(), FakeCallControl.create(fresh));
    handoff.warmTransfer(new WarmTransfer(PHLO, NODE, CUSTOMER, Address.of("+14152225555")));

    assertThat(lines(Level.DEBUG).get(0))
        .isEqualTo(
            "handoff warm_transfer attempt 1 started (to +14152225555, trigger_source"
                + " +14155550100)");
  }

  @Test
  void masksShortNumbersAndSipsUsersInFreeText() {
    assertThat(Masking.mask("call 5550100 and +442071838750, sip:bob.smith@x.example:5060"))
        .isEqualTo("call *** and +4420***8750, sip:***@x.example:5060");
  }
}
