package dev.handoff.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.ScriptedResponse;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The observations a real {@code Handoff} over the testkit's in-memory Plivo emits: names, tags,
 * parents, counters, and that no tag or name holds a secret or a phone number.
 */
class HandoffObservationTest {
  private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
  private static final String AUTH_TOKEN = "test-token-0123456789abcdef";
  private static final Credentials CREDENTIALS = new Credentials(AUTH_ID, AUTH_TOKEN);
  private static final PhloId PHLO = PhloId.of("phlo-7f3a");
  private static final NodeId NODE = NodeId.of("node-91c2");
  private static final Address AGENT = Address.of("+14152223333");
  private static final Address CUSTOMER = Address.of("+14155550100");
  private static final Address SUPERVISOR = Address.of("sip:supervisor@phone.plivo.com");
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, AGENT, SUPERVISOR);
  private static final String NODE_TEMPLATE = "/v1/phlo/{phlo_id}/multi_party_call/{node_id}";

  /** Every value that must never appear in a tag, a name or a contextual name. */
  private static final List<String> PRIVATE =
      List.of(
          AUTH_ID,
          AUTH_TOKEN,
          "4152223333",
          "4155550100",
          "supervisor",
          PHLO.value(),
          NODE.value(),
          "55309cee");

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final CallModel model = CallModel.create(AUTH_ID);
  private final FakeCallControl plivo = FakeCallControl.create(model);
  private final List<Handoff> opened = new ArrayList<>();

  HandoffObservationTest() {
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    model.node(PHLO, NODE).member(AGENT).member(CUSTOMER);
    model.call("55309cee-821d-11e4-9a73-498d468c930b");
  }

  @AfterEach
  void close() {
    opened.forEach(Handoff::close);
  }

  private Handoff handoff(HandoffObservation observation, Consumer<HandoffConfig.Builder> more) {
    HandoffConfig.Builder builder =
        plivo
            .configBuilder(CREDENTIALS)
            .retryPolicy(
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO));
    observation.register(builder, plivo);
    more.accept(builder);
    Handoff handoff = Handoff.create(plivo, builder.build());
    opened.add(handoff);
    return handoff;
  }

  private Handoff handoff() {
    return handoff(HandoffObservation.create(registry), b -> {});
  }

  @Test
  void anOperationAndItsAttemptAreObservedWithLowCardinalityTags() {
    assertThat(handoff().warmTransfer(WARM).status()).isEqualTo(201);

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("handoff.operation", 1)
        .hasNumberOfObservationsWithNameEqualTo("handoff.attempt", 1)
        .hasObservationWithNameEqualTo("handoff.operation")
        .that()
        .hasContextualNameEqualTo("handoff warm_transfer")
        .hasBeenStarted()
        .hasBeenStopped()
        .doesNotHaveError()
        .doesNotHaveParentObservation()
        .hasLowCardinalityKeyValue("operation", "warm_transfer")
        .hasLowCardinalityKeyValue("transport", "fake")
        .hasLowCardinalityKeyValue("method", "POST")
        .hasLowCardinalityKeyValue("uri", NODE_TEMPLATE)
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasLowCardinalityKeyValue("status", "2xx")
        .hasLowCardinalityKeyValue("delivery", "none")
        .hasLowCardinalityKeyValue("retries", "0");
    assertThat(registry)
        .hasObservationWithNameEqualTo("handoff.attempt")
        .that()
        .hasContextualNameEqualTo("POST " + NODE_TEMPLATE)
        .hasBeenStopped()
        .hasParentObservationContextMatching(
            parent -> parent instanceof HandoffOperationContext, "the operation's context")
        .hasLowCardinalityKeyValue("operation", "warm_transfer")
        .hasLowCardinalityKeyValue("uri", NODE_TEMPLATE)
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasLowCardinalityKeyValue("status", "2xx")
        .hasLowCardinalityKeyValue("retries", "0");
    assertThat(meters.get("handoff.operation").tag("outcome", "success").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aRetryAfter429IsASecondAttemptUnderTheSameOperationAndIsCounted() {
    plivo.enqueue(ScriptedResponse.json(429, "{\"api_id\":\"a1\",\"error\":\"too many\"}"));

    assertThat(handoff().warmTransfer(WARM).status()).isEqualTo(201);

    assertThat(plivo.requestCount()).isEqualTo(2);
    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("handoff.operation", 1)
        .hasNumberOfObservationsWithNameEqualTo("handoff.attempt", 2)
        .hasObservationWithNameEqualTo("handoff.operation")
        .that()
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasLowCardinalityKeyValue("retries", "1");
    assertThat(registry)
        .hasAnObservation(
            attempt ->
                attempt
                    .hasNameEqualTo("handoff.attempt")
                    .hasLowCardinalityKeyValue("retries", "0")
                    .hasLowCardinalityKeyValue("outcome", "RateLimitedException")
                    .hasLowCardinalityKeyValue("status", "4xx"))
        .hasAnObservation(
            attempt ->
                attempt
                    .hasNameEqualTo("handoff.attempt")
                    .hasLowCardinalityKeyValue("retries", "1")
                    .hasLowCardinalityKeyValue("outcome", "success"))
        .forAllObservationsWithNameEqualTo(
            "handoff.attempt",
            attempt ->
                attempt.hasParentObservationContextMatching(
                    parent -> parent instanceof HandoffOperationContext));
    assertThat(
            meters
                .get("handoff.operation.retries")
                .tag("operation", "warm_transfer")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("handoff.attempt.rate_limited")
                .tag("uri", NODE_TEMPLATE)
                .tag("retries", "0")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aTransportFailureIsTaggedWithItsDelivery() {
    plivo.enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN));

    catchThrowable(() -> handoff().warmTransfer(WARM));

    assertThat(registry)
        .hasObservationWithNameEqualTo("handoff.operation")
        .that()
        .hasError()
        .hasLowCardinalityKeyValue("outcome", "TransportFailureException")
        .hasLowCardinalityKeyValue("status", "none")
        .hasLowCardinalityKeyValue("delivery", "UNKNOWN")
        .hasLowCardinalityKeyValue("retries", "0");
  }

  /** The outcome tag names the exception the caller gets: the table is pinned to core's. */
  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 403, 404, 409, 422, 500, 502, 503, 200})
  void theOutcomeOfAnErrorResponseIsTheExceptionHandoffThrows(int status) {
    plivo.enqueue(ScriptedResponse.json(status, "{\"api_id\":\"a1\",\"error\":\"no\"}"));

    Throwable thrown =
        catchThrowable(
            () ->
                handoff(HandoffObservation.create(registry), b -> b.retryPolicy(RetryPolicy.none()))
                    .warmTransfer(WARM));

    assertThat(thrown).isNotNull();
    assertThat(registry)
        .hasObservationWithNameEqualTo("handoff.operation")
        .that()
        .hasLowCardinalityKeyValue("outcome", thrown.getClass().getSimpleName())
        .hasLowCardinalityKeyValue("status", (status / 100) + "xx");
  }

  @Test
  void theOperationIsAChildOfTheObservationCurrentOnTheCallersThread() {
    Handoff handoff = handoff();
    Observation request = Observation.start("http.server.requests", registry);
    try (Observation.Scope scope = request.openScope()) {
      handoff.warmTransferAsync(WARM).join();
    } finally {
      request.stop();
    }

    assertThat(registry)
        .hasObservationWithNameEqualTo("handoff.operation")
        .that()
        .hasParentObservationEqualTo(request);
  }

  /**
   * The tags are built once per operation kind and outcome and shared: each operation of one
   * Handoff still carries its own kind's and its own outcome's, never another's.
   */
  @Test
  void sharedTagsStayTheirOperationsAndOutcomes() {
    Handoff handoff =
        handoff(HandoffObservation.create(registry), b -> b.retryPolicy(RetryPolicy.none()));
    handoff.warmTransfer(WARM);
    plivo.enqueue(ScriptedResponse.json(404, "{\"api_id\":\"a1\",\"error\":\"no\"}"));
    catchThrowable(() -> handoff.warmTransfer(WARM));
    handoff.transferCall(
        new CallTransfer(
            CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"),
            Legs.aLeg(WebhookUrl.of("https://example.com/a.xml"))));
    // The model has a transfer in progress now: a scripted answer for the second success.
    plivo.enqueue(ScriptedResponse.json(201, "{\"api_id\":\"a2\",\"error\":\"\"}"));
    handoff.warmTransfer(WARM);

    String callTemplate = "/v1/Account/{auth_id}/Call/{call_uuid}/";
    assertThat(timerCount("handoff.operation", "warm_transfer", NODE_TEMPLATE, "success", "2xx"))
        .isEqualTo(2);
    assertThat(
            timerCount(
                "handoff.operation", "warm_transfer", NODE_TEMPLATE, "NotFoundException", "4xx"))
        .isEqualTo(1);
    assertThat(timerCount("handoff.operation", "call_transfer", callTemplate, "success", "2xx"))
        .isEqualTo(1);
    assertThat(timerCount("handoff.attempt", "warm_transfer", NODE_TEMPLATE, "success", "2xx"))
        .isEqualTo(2);
    assertThat(
            timerCount(
                "handoff.attempt", "warm_transfer", NODE_TEMPLATE, "NotFoundException", "4xx"))
        .isEqualTo(1);
    assertThat(timerCount("handoff.attempt", "call_transfer", callTemplate, "success", "2xx"))
        .isEqualTo(1);
    assertThat(meters.find("handoff.operation").timers()).hasSize(3);
    assertThat(registry)
        .hasAnObservation(
            observation ->
                observation
                    .hasContextualNameEqualTo("POST " + callTemplate)
                    .hasLowCardinalityKeyValue("operation", "call_transfer"));
  }

  private long timerCount(
      String name, String operation, String uri, String outcome, String status) {
    return meters
        .get(name)
        .tags("operation", operation, "uri", uri, "outcome", outcome, "status", status)
        .timer()
        .count();
  }

  @Test
  void noTagOrNameHoldsACredentialAPhoneNumberOrAnIdentifier() {
    Handoff handoff = handoff();
    handoff.warmTransfer(WARM);
    // Whatever Plivo's model answers (the agent is in a private consultation: 400), it is observed.
    catchThrowable(
        () -> handoff.memberAction(new MemberAction(PHLO, NODE, AGENT, MemberActionType.HOLD)));
    handoff.transferCall(
        new CallTransfer(
            CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"),
            Legs.aLeg(WebhookUrl.of("https://example.com/a.xml"))));

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("handoff.operation", 3)
        .hasAnObservationWithAKeyValue(
            "uri", "/v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}")
        .hasAnObservationWithAKeyValue("uri", "/v1/Account/{auth_id}/Call/{call_uuid}/")
        .hasHandledContextsThatSatisfy(
            contexts -> {
              for (Observation.Context context : contexts) {
                List<String> texts = new ArrayList<>();
                texts.add(String.valueOf(context.getName()));
                texts.add(String.valueOf(context.getContextualName()));
                for (KeyValue kv : context.getLowCardinalityKeyValues()) {
                  texts.add(kv.getKey() + "=" + kv.getValue());
                }
                for (KeyValue kv : context.getHighCardinalityKeyValues()) {
                  texts.add(kv.getKey() + "=" + kv.getValue());
                }
                for (String text : texts) {
                  for (String secret : PRIVATE) {
                    assertThat(text).doesNotContain(secret);
                  }
                }
              }
            });
    meters
        .getMeters()
        .forEach(
            meter -> {
              String id = meter.getId().toString();
              for (String secret : PRIVATE) {
                assertThat(id).doesNotContain(secret);
              }
            });
  }

  @Test
  void aConventionRenamesAndRetags() {
    HandoffObservation renamed =
        HandoffObservation.create(registry)
            .withOperationConvention(
                new DefaultHandoffOperationConvention() {
                  @Override
                  public String getName() {
                    return "contact_centre.transfer";
                  }

                  @Override
                  public io.micrometer.common.KeyValues getLowCardinalityKeyValues(
                      HandoffOperationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "support");
                  }
                });

    handoff(renamed, b -> {}).warmTransfer(WARM);

    assertThat(registry)
        .hasObservationWithNameEqualTo("contact_centre.transfer")
        .that()
        .hasLowCardinalityKeyValue("team", "support")
        .hasLowCardinalityKeyValue("outcome", "success");
    assertThat(registry).hasNumberOfObservationsWithNameEqualTo("handoff.attempt", 1);
  }

  @Test
  void laterInterceptorsRecordTheirEventsOnTheOperationsObservation() {
    Observation.Event waited = Observation.Event.of("rate_budget_waits");
    handoff(
            HandoffObservation.create(registry),
            b ->
                b.addOperationInterceptor(
                    chain -> {
                      Observation operation = HandoffObservation.operationObservation(chain);
                      if (operation != null) {
                        operation.event(waited);
                      }
                      return chain.proceed();
                    }))
        .warmTransfer(WARM);

    assertThat(meters.get("handoff.operation.rate_budget_waits").counter().count()).isEqualTo(1);
  }

  @Test
  void aNoOpRegistryCostsNothingAndChangesNothing() {
    assertThat(
            handoff(HandoffObservation.create(ObservationRegistry.NOOP), b -> {})
                .warmTransfer(WARM)
                .status())
        .isEqualTo(201);
    assertThat(plivo.requestCount()).isEqualTo(1);
    assertThat(registry).doesNotHaveAnyObservation();
  }
}
