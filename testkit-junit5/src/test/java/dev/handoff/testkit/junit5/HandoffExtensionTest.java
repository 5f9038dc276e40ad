package dev.handoff.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.Wire;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakeClock;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.PlivoFake;
import dev.handoff.testkit.ScriptedResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandoffExtensionTest {
  private static Wire wire(PlivoRequest request) {
    return Wire.describer(
            HandoffConfig.of(
                new Credentials("MAXXXXXXXXXXXXXXXXXX", "test-token-0123456789abcdef")),
            "test")
        .apply(request);
  }

  private static final PhloId PHLO = PhloId.of("phlo-1");
  private static final NodeId NODE = NodeId.of("node-1");
  private static final Address U1 = Address.of("+14152223333");
  private static final Address U3 = Address.of("+14152225555");

  /** What the previous test got, to check it was torn down and the next one got fresh ones. */
  private static FakeCallControl previousFake;

  private static FakePlivoServer previousServer;

  private static Handoff previousHandoff;

  @Nested
  @HandoffTest
  class InMemory {
    @Test
    void everyParameterIsOnTheSameFreshFake(
        FakeCallControl fake, PlivoFake same, CallModel model, Handoff handoff) {
      assertThat(same).isSameAs(fake);
      assertThat(model).isSameAs(fake.model());
      model.node(PHLO, NODE).member(U1);

      handoff.warmTransfer(new WarmTransfer(PHLO, NODE, U1, U3));

      fake.assertSent(new WarmTransfer(PHLO, NODE, U1, U3));
      checkFresh(fake);
      previousHandoff = handoff;
    }

    @Test
    void anotherTestGetsAnotherFake(FakeCallControl fake, HandoffConfig config) {
      assertThat(fake.requests()).isEmpty();
      assertThat(config.credentials()).isEqualTo(HandoffExtension.CREDENTIALS);
      checkFresh(fake);
    }

    @Test
    void aFakeClockParameterDrivesDelayedAnswers(
        FakeCallControl fake, CallModel model, FakeClock clock) {
      model.node(PHLO, NODE).member(U1);
      fake.enqueue(ScriptedResponse.json(201, "{}").delayed(Duration.ofSeconds(5)));

      CompletableFuture<?> answer = fake.send(wire(new WarmTransfer(PHLO, NODE, U1, U3)));
      assertThat(answer).isNotDone();
      clock.advance(Duration.ofSeconds(5));
      assertThat(answer).isCompleted();
    }
  }

  @Nested
  @HandoffTest
  class Configured {
    private final java.util.List<PlivoRequest> started =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    @HandoffConfigurer
    void configure(HandoffConfig.Builder config) {
      config
          .timeout(Duration.ofSeconds(3))
          .listener(
              new dev.handoff.TransferListener() {
                @Override
                public void attemptStarted(PlivoRequest request, int attempt) {
                  started.add(request);
                }
              });
    }

    @Test
    void theInjectedConfigAndHandoffHaveWhatTheConfigurerSet(
        HandoffConfig config, Handoff handoff, CallModel model) {
      assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(3));
      model.node(PHLO, NODE).member(U1);

      handoff.warmTransfer(new WarmTransfer(PHLO, NODE, U1, U3));

      assertThat(started).containsExactly(new WarmTransfer(PHLO, NODE, U1, U3));
    }

    @Test
    void closingAnotherHandoffOnTheFakeLeavesTheInjectedOneWorking(
        FakeCallControl fake, HandoffConfig config, Handoff handoff, CallModel model) {
      model.node(PHLO, NODE).member(U1);
      Handoff.create(fake, config).close();

      handoff.warmTransfer(new WarmTransfer(PHLO, NODE, U1, U3));

      fake.assertSent(new WarmTransfer(PHLO, NODE, U1, U3));
    }
  }

  /** An interface carrying the annotation: implementing it is enough. */
  @HandoffTest(HandoffTest.Fake.SERVER)
  interface OverHttp {}

  @Nested
  class ThroughAnInterface implements OverHttp {
    @Test
    void getsTheServer(PlivoFake fake) {
      assertThat(fake).isInstanceOf(FakePlivoServer.class);
    }
  }

  abstract static class Unannotated {}

  static class NotAnnotatedAnywhere extends Unannotated implements Runnable {
    @Override
    public void run() {}
  }

  @Test
  void theModeSaysWhereItWasFoundOrEveryTypeItSearched() throws Exception {
    HandoffExtension.Mode inherited =
        HandoffExtension.mode(ThroughAnInterface.class, java.util.Optional.empty());
    assertThat(inherited.fake()).isEqualTo(HandoffTest.Fake.SERVER);
    assertThat(inherited.origin()).contains(OverHttp.class.getName());

    HandoffExtension.Mode none =
        HandoffExtension.mode(
            NotAnnotatedAnywhere.class,
            java.util.Optional.of(NotAnnotatedAnywhere.class.getMethod("run")));
    assertThat(none.fake()).isEqualTo(HandoffTest.Fake.IN_MEMORY);
    assertThat(none.origin())
        .contains("no @HandoffTest on run()")
        .contains(NotAnnotatedAnywhere.class.getName())
        .contains(Unannotated.class.getName())
        .contains(Runnable.class.getName())
        .contains(HandoffExtensionTest.class.getName());
  }

  @Nested
  @HandoffTest(HandoffTest.Fake.SERVER)
  class Server {
    @Test
    void theConfigPointsAtTheServer(FakePlivoServer server, HandoffConfig config, CallModel model)
        throws Exception {
      assertThat(config.phloBaseUrl()).isEqualTo(server.baseUrl());
      assertThat(config.voiceBaseUrl()).isEqualTo(server.baseUrl());
      assertThat(model).isSameAs(server.model());
      model.node(PHLO, NODE).member(U1);

      HttpResponse<String> read =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.baseUrl() + "/v1/phlo/phlo-1/multi_party_call/node-1"))
                      .header(
                          "Authorization",
                          "Basic "
                              + Base64.getEncoder()
                                  .encodeToString(
                                      (config.credentials().authId()
                                              + ":"
                                              + config.credentials().authToken())
                                          .getBytes(StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).isEqualTo(200);
      previousServer = server;
    }
  }

  @AfterAll
  static void theServerWasClosed() throws Exception {
    if (previousServer != null) {
      HttpClient client = HttpClient.newHttpClient();
      URI url = previousServer.baseUrl();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  client.send(
                      HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  private static void checkFresh(FakeCallControl fake) {
    if (previousFake != null) {
      assertThat(fake).isNotSameAs(previousFake);
      assertThat(fake.model()).isNotSameAs(previousFake.model());
    }
    if (previousHandoff != null) {
      // Torn down: the previous test's Handoff was closed, and refuses to send.
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> previousHandoff.warmTransfer(new WarmTransfer(PHLO, NODE, U1, U3)))
          .hasMessageContaining("closed");
    }
    previousFake = fake;
  }
}
