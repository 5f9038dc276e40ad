package dev.handoff.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.RetryPolicy;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The fakes' account rate limit: at most N accepted requests in any sliding window, a 429 in
 * Plivo's shape (no Retry-After) beyond it, counted across every Handoff on the fake; and, as an
 * application's test would show it, a fleet sharing one {@link RateBudget} stays inside it while
 * uncoordinated instances meet 429s.
 */
class FakeRateLimitTest {
  private static final String AUTH_ID = "MARATELIMIT000000000";
  private static final Credentials CREDENTIALS =
      new Credentials(AUTH_ID, "rate-limit-token-0123456789");
  private static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");
  private static final CallTransfer TRANSFER =
      new CallTransfer(
          CALL, Legs.aLeg(WebhookUrl.of("https://app.example.com/xml", UrlMethod.POST)));

  @Test
  void theModelAnswers429PastTheLimitInAnySlidingWindowOnItsClock() {
    CallModel model = CallModel.create(AUTH_ID);
    model.call(CALL);
    FakeClock clock = FakeClock.create();
    FakeCallControl fake =
        FakeCallControl.create(model, clock).rateLimit(new RateLimit(3, Duration.ofSeconds(1)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(model.apply(TRANSFER, AUTH_ID).status());
    }
    assertThat(statuses).containsExactly(202, 202, 202, 429);
    PlivoResponse refused = model.apply(TRANSFER, AUTH_ID);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.retryAfter()).isNull();
    assertThat(refused.fields()).containsEntry("error", "too many requests").containsKey("api_id");

    // Sliding: 999 ms later the three still fill the window; at 1 s the first has left it.
    clock.advance(Duration.ofMillis(999));
    assertThat(model.apply(TRANSFER, AUTH_ID).status()).isEqualTo(429);
    clock.advance(Duration.ofMillis(1));
    assertThat(model.apply(TRANSFER, AUTH_ID).status()).isEqualTo(202);
    assertThat(model.rateLimitedCount()).isEqualTo(3);
    assertThat(model.peakWindowCount()).isEqualTo(3);

    fake.rateLimit(null);
    for (int i = 0; i < 5; i++) {
      assertThat(model.apply(TRANSFER, AUTH_ID).status()).isEqualTo(202);
    }
  }

  @Test
  void everyHandoffOnTheFakeDrawsFromTheOneLimitAndMeetsRateLimitedException() {
    CallModel model = CallModel.create(AUTH_ID);
    model.call(CALL);
    FakeCallControl fake =
        FakeCallControl.create(model, FakeClock.create())
            .rateLimit(new RateLimit(2, Duration.ofSeconds(5)));
    HandoffConfig config = fake.configBuilder(CREDENTIALS).retryPolicy(RetryPolicy.none()).build();
    try (Handoff first = Handoff.create(fake, config);
        Handoff second = Handoff.create(fake, config)) {
      first.transferCall(TRANSFER);
      second.transferCall(TRANSFER);
      assertThatThrownBy(() -> first.transferCall(TRANSFER))
          .isInstanceOf(RateLimitedException.class);
      assertThatThrownBy(() -> second.transferCall(TRANSFER))
          .isInstanceOf(RateLimitedException.class);
    }
    assertThat(model.rateLimitedCount()).isEqualTo(2);
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @Test
  void theServerAnswers429InPlivosShapeAcrossHandoffs() throws Exception {
    try (FakePlivoServer server =
        FakePlivoServer.start(CREDENTIALS)
            .addCall(CALL)
            .rateLimit(new RateLimit(2, Duration.ofMinutes(1)))) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      List<Integer> statuses = new ArrayList<>();
      String body = "";
      for (int i = 0; i < 3; i++) {
        java.net.http.HttpResponse<String> response =
            client.send(
                java.net.http.HttpRequest.newBuilder(
                        server
                            .baseUrl()
                            .resolve("/v1/Account/" + AUTH_ID + "/Call/" + CALL.value() + "/"))
                    .header(
                        "Authorization",
                        "Basic "
                            + java.util.Base64.getEncoder()
                                .encodeToString(
                                    (AUTH_ID + ":" + CREDENTIALS.authToken())
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"legs\":\"aleg\",\"aleg_url\":\"https://app.example.com/xml\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        statuses.add(response.statusCode());
        body = response.body();
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
      }
      assertThat(statuses).containsExactly(202, 202, 429);
      assertThat(body).contains("\"error\"").contains("too many requests").contains("\"api_id\"");
      assertThat(server.model().rateLimitedCount()).isEqualTo(1);
    }
  }

  /**
   * A consumer's fleet test: three instances share one in-memory budget a little under the
   * account's limit (headroom for the time between a permit and the request's arrival), and no
   * request meets a 429; the same instances without it do.
   */
  @Test
  void aFleetSharingOneBudgetStaysInsideTheLimitWhileUncoordinatedInstancesMeet429s() {
    RateLimit account = new RateLimit(6, Duration.ofMillis(900));
    CallModel model = CallModel.create(AUTH_ID);
    model.call(CALL);
    FakeCallControl fake = FakeCallControl.create(model).rateLimit(account);
    RateBudget budget = RateBudget.inMemory(new RateLimit(6, Duration.ofSeconds(1)));
    HandoffConfig coordinated =
        fake.configBuilder(CREDENTIALS)
            .rateBudget(budget)
            .timeout(Duration.ofSeconds(30))
            .retryPolicy(RetryPolicy.none())
            .build();
    assertThat(burst(fake, coordinated, 3, 6)).isEmpty();
    assertThat(model.rateLimitedCount()).isZero();
    assertThat(model.peakWindowCount()).isLessThanOrEqualTo(6);
    assertThat(fake.requestCount()).isEqualTo(18);

    HandoffConfig uncoordinated =
        fake.configBuilder(CREDENTIALS).retryPolicy(RetryPolicy.none()).build();
    List<Throwable> failures = burst(fake, uncoordinated, 3, 6);
    assertThat(failures).isNotEmpty().allMatch(f -> f instanceof RateLimitedException);
    assertThat(model.rateLimitedCount()).isEqualTo(failures.size());
  }

  /** {@code instances} Handoffs on {@code fake}, each sending {@code each} transfers at once. */
  private static List<Throwable> burst(
      FakeCallControl fake, HandoffConfig config, int instances, int each) {
    List<Handoff> fleet = new ArrayList<>();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      fleet.add(Handoff.create(fake, config));
    }
    for (int n = 0; n < each; n++) {
      for (Handoff handoff : fleet) {
        sent.add(handoff.transferCallAsync(TRANSFER).toCompletableFuture());
      }
    }
    List<Throwable> failures = new ArrayList<>();
    for (CompletableFuture<?> future : sent) {
      try {
        future.join();
      } catch (java.util.concurrent.CompletionException e) {
        failures.add(e.getCause());
      }
    }
    fleet.forEach(Handoff::close);
    return failures;
  }

  @SuppressWarnings("unused")
  private static PlivoRequest request() {
    return TRANSFER;
  }
}
