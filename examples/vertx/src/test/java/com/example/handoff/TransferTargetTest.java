package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Address;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WebhookUrl;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.LegState;
import dev.handoff.vertx.VertxHandoff;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verticle as a call transfer's target, end to end: Handoff sends the transfer to a fake Plivo
 * that follows it, as Plivo does, by requesting the legs' URLs from the verticle, signed; the
 * model then says what each leg does, as the verticle's XML implies. Broken XML (a wrong element
 * name, a missing number) would leave the leg hung up, and these assertions would fail.
 */
class TransferTargetTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");
  static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
  static final Duration WAIT = Duration.ofSeconds(20);

  FakePlivoServer plivo;
  Vertx vertx;
  TransferVerticle verticle;
  Handoff handoff;

  @BeforeEach
  void start() throws Exception {
    plivo = FakePlivoServer.start(CREDENTIALS).followTransfers();
    plivo.model().call(CALL, Address.of("+14155550100"), Address.of("+14152223333"));
    HandoffConfig config = plivo.configBuilder(CREDENTIALS).build();
    vertx = Vertx.vertx();
    verticle = new TransferVerticle(config, PhloId.of("phlo-1"), NodeId.of("node-1"), 0);
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    handoff = VertxHandoff.create(config);
  }

  @AfterEach
  void stop() throws Exception {
    handoff.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    plivo.close();
  }

  @Test
  void theCallerWaitsInTheQueueAndTheOtherLegIsBridgedToTheSpecialist() {
    handoff.transferCall(new CallTransfer(CALL, Legs.both(
        url("/plivo/queue", UrlMethod.POST), url("/plivo/specialist", UrlMethod.GET))));
    plivo.awaitLegs(WAIT);

    assertThat(plivo.model().aLeg(CALL).kind()).isEqualTo(LegState.Kind.IN_CONFERENCE);
    assertThat(plivo.model().describeCall(CALL)).isEqualTo(
        "A leg: in conference queue-7; B leg: dialling +14152225555, then bridged");
  }

  @Test
  void aRequestSignedWithAnotherTokenIsRefusedAndPlivoHangsTheLegUp() throws Exception {
    try (FakePlivoServer forger = FakePlivoServer.start(
            new Credentials("MA0123456789ABCDEFGH", "not-the-token")).followTransfers();
        Handoff viaForger = VertxHandoff.create(forger.configBuilder(
            new Credentials("MA0123456789ABCDEFGH", "not-the-token")).build())) {
      forger.addCall(CALL);
      viaForger.transferCall(new CallTransfer(CALL, Legs.aLeg(url("/plivo/queue", UrlMethod.POST))));
      forger.awaitLegs(WAIT);

      assertThat(forger.model().aLeg(CALL).description())
          .isEqualTo("hung up, the application answered HTTP 403");
    }
  }

  @Test
  void theXmlIsWhatTheFakeRunsAndPlivoAccepts() {
    assertThat(TransferVerticle.queueXml().xml()).contains("<Conference");
    assertThat(TransferVerticle.specialistXml().xml()).contains("<Number>+14152225555</Number>");
  }

  WebhookUrl url(String path, UrlMethod method) {
    return WebhookUrl.of("http://127.0.0.1:" + verticle.actualPort() + path, method);
  }
}
