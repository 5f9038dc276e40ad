package dev.handoff.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.WarmTransfer;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakeClock;
import dev.handoff.testkit.ScriptedResponse;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link HandoffMeterObservationHandler} makes the very meters {@link
 * DefaultMeterObservationHandler} makes of Handoff's observations (names, tags, kinds, counts),
 * over the same operations against the testkit's in-memory Plivo, and only of those.
 */
class HandoffMeterObservationHandlerTest {
  private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
  private static final Credentials CREDENTIALS =
      new Credentials(AUTH_ID, "test-token-0123456789abcdef");
  private static final PhloId PHLO = PhloId.of("phlo-7f3a");
  private static final NodeId NODE = NodeId.of("node-91c2");
  private static final Address AGENT = Address.of("+14152223333");
  private static final Address SUPERVISOR = Address.of("sip:supervisor@phone.plivo.com");
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, AGENT, SUPERVISOR);
  private static final String CALL = "55309cee-821d-11e4-9a73-498d468c930b";

  /** One meter as a line: kind, name, sorted tags and what it counts. */
  private static List<String> snapshot(MeterRegistry meters) {
    List<String> lines = new ArrayList<>();
    for (Meter meter : meters.getMeters()) {
      String tags =
          meter.getId().getTags().stream()
              .map(tag -> tag.getKey() + "=" + tag.getValue())
              .collect(Collectors.joining(","));
      String measure;
      if (meter instanceof Timer timer) {
        measure = "count=" + timer.count() + (timer.count() > 0 ? ",timed" : "");
      } else if (meter instanceof Counter counter) {
        measure = "count=" + counter.count();
      } else if (meter instanceof LongTaskTimer active) {
        measure = "active=" + active.activeTasks();
      } else {
        measure = meter.getClass().getSimpleName();
      }
      lines.add(
          meter.getId().getType() + " " + meter.getId().getName() + " [" + tags + "] " + measure);
    }
    lines.sort(null);
    return lines;
  }

  /**
   * Runs the same operations (a success; a 429 then a success; a 503 with {@code Retry-After} then
   * a success; a 404; a request never sent then a success; one whose delivery is unknown; a read)
   * through a Handoff observed by {@code registry}, with {@code convention} if not null.
   */
  private static void runScript(
      ObservationRegistry registry, Function<HandoffObservation, HandoffObservation> convention) {
    CallModel model = CallModel.create(AUTH_ID);
    model.node(PHLO, NODE).member(AGENT);
    model.call(CALL);
    FakeCallControl plivo = FakeCallControl.create(model);
    HandoffConfig.Builder builder =
        plivo
            .configBuilder(CREDENTIALS)
            .retryPolicy(
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO));
    convention.apply(HandoffObservation.create(registry)).register(builder, plivo);
    try (Handoff handoff = Handoff.create(plivo, builder.build())) {
      handoff.warmTransfer(WARM);
      String accepted = "{\"api_id\":\"a2\",\"error\":\"\"}";
      plivo.enqueue(ScriptedResponse.json(429, "{\"api_id\":\"a1\",\"error\":\"too many\"}"));
      plivo.enqueue(ScriptedResponse.json(201, accepted));
      handoff.warmTransfer(WARM);
      plivo.enqueue(
          ScriptedResponse.json(503, "{\"api_id\":\"a1\",\"error\":\"busy\"}")
              .withHeader("Retry-After", "0"));
      plivo.enqueue(ScriptedResponse.json(201, accepted));
      handoff.warmTransfer(WARM);
      plivo.enqueue(ScriptedResponse.json(404, "{\"api_id\":\"a1\",\"error\":\"no\"}"));
      catchThrowable(() -> handoff.warmTransfer(WARM));
      plivo.enqueue(ScriptedResponse.transportFailure(Delivery.NOT_SENT));
      plivo.enqueue(ScriptedResponse.json(201, accepted));
      handoff.warmTransfer(WARM);
      plivo.enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN));
      catchThrowable(() -> handoff.warmTransfer(WARM));
      handoff.readLiveCall(new ReadLiveCall(CallUuid.of(CALL)));
    }
  }

  private static List<String> metersOf(
      Function<MeterRegistry, ObservationHandler<?>> handler,
      Function<HandoffObservation, HandoffObservation> convention,
      boolean filter) {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(handler.apply(meters));
    if (filter) {
      // As Spring Boot's management.observations.key-values.region=eu does: added at each stop.
      registry
          .observationConfig()
          .observationFilter(
              context -> context.addLowCardinalityKeyValue(KeyValue.of("region", "eu")));
    }
    runScript(registry, convention);
    return snapshot(meters);
  }

  @Test
  void makesTheDefaultHandlersMetersOfEveryOutcome() {
    List<String> expected =
        metersOf(DefaultMeterObservationHandler::new, Function.identity(), false);

    assertThat(metersOf(HandoffMeterObservationHandler::create, Function.identity(), false))
        .isEqualTo(expected);
    // What the script produces, so that the comparison compares something.
    assertThat(expected)
        .contains(
            "TIMER handoff.operation [delivery=none,error=none,method=POST,operation=warm_transfer,"
                + "outcome=success,retries=1,status=2xx,transport=fake,"
                + "uri=/v1/phlo/{phlo_id}/multi_party_call/{node_id}] count=3,timed",
            "COUNTER handoff.operation.retries [method=POST,operation=warm_transfer,transport=fake,"
                + "uri=/v1/phlo/{phlo_id}/multi_party_call/{node_id}] count=3.0",
            "COUNTER handoff.attempt.rate_limited [method=POST,operation=warm_transfer,retries=0,"
                + "transport=fake,uri=/v1/phlo/{phlo_id}/multi_party_call/{node_id}] count=1.0",
            "LONG_TASK_TIMER handoff.attempt.active [method=POST,operation=warm_transfer,retries=0,"
                + "transport=fake,uri=/v1/phlo/{phlo_id}/multi_party_call/{node_id}] active=0")
        .anyMatch(line -> line.contains("error=TransportFailureException"))
        .anyMatch(line -> line.contains("outcome=NotFoundException"))
        .anyMatch(line -> line.contains("operation=read_live_call"));
  }

  @Test
  void leavesOutTheLongTaskTimersAsTheDefaultDoes() {
    List<String> expected =
        metersOf(
            meters -> new DefaultMeterObservationHandler(meters, IgnoredMeters.LONG_TASK_TIMER),
            Function.identity(),
            false);

    assertThat(
            metersOf(
                meters ->
                    HandoffMeterObservationHandler.create(meters, IgnoredMeters.LONG_TASK_TIMER),
                Function.identity(),
                false))
        .isEqualTo(expected)
        .noneMatch(line -> line.startsWith("LONG_TASK_TIMER"));
  }

  @Test
  void takesTheTagsAConventionAndAFilterGive() {
    Function<HandoffObservation, HandoffObservation> renamed =
        observation ->
            observation.withOperationConvention(
                new DefaultHandoffOperationConvention() {
                  @Override
                  public String getName() {
                    return "contact_centre.transfer";
                  }

                  @Override
                  public KeyValues getLowCardinalityKeyValues(HandoffOperationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "support");
                  }
                });
    List<String> expected = metersOf(DefaultMeterObservationHandler::new, renamed, true);

    assertThat(metersOf(HandoffMeterObservationHandler::create, renamed, true))
        .isEqualTo(expected)
        .anyMatch(
            line ->
                line.startsWith("TIMER contact_centre.transfer [")
                    && line.contains("region=eu")
                    && line.contains("team=support"));
  }

  @Test
  void inFrontOfTheDefaultRecordsEachHandoffObservationOnceAndLeavesTheOthersToIt() {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new FirstMatchingCompositeObservationHandler(
                HandoffMeterObservationHandler.create(meters),
                new DefaultMeterObservationHandler(meters)));

    runScript(registry, Function.identity());
    Observation.createNotStarted("app.work", registry).observe(() -> {});

    assertThat(
            meters
                .get("handoff.operation")
                .tags("operation", "warm_transfer", "outcome", "success")
                .timers())
        .extracting(Timer::count)
        .containsExactlyInAnyOrder(1L, 3L); // retries=0 once; retries=1 three times
    assertThat(meters.get("app.work").timer().count()).isEqualTo(1);
    assertThat(
            HandoffMeterObservationHandler.create(meters)
                .supportsContext(new Observation.Context()))
        .isFalse();
  }

  @Test
  void anOperationInFlightIsActiveUntilItsAnswer() throws Exception {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(HandoffMeterObservationHandler.create(meters));
    CallModel model = CallModel.create(AUTH_ID);
    model.node(PHLO, NODE).member(AGENT);
    FakeClock clock = FakeClock.create();
    FakeCallControl plivo = FakeCallControl.create(model, clock);
    plivo.enqueue(
        ScriptedResponse.json(201, "{\"api_id\":\"a2\",\"error\":\"\"}")
            .delayed(Duration.ofSeconds(1)));
    HandoffConfig.Builder builder = plivo.configBuilder(CREDENTIALS);
    HandoffObservation.create(registry).register(builder, plivo);
    try (Handoff handoff = Handoff.create(plivo, builder.build())) {
      CompletableFuture<?> transfer = handoff.warmTransferAsync(WARM);

      assertThat(meters.get("handoff.operation.active").longTaskTimer().activeTasks()).isEqualTo(1);
      assertThat(meters.get("handoff.attempt.active").longTaskTimer().activeTasks()).isEqualTo(1);
      assertThat(meters.find("handoff.operation").timer()).isNull();

      clock.advance(Duration.ofSeconds(1));
      transfer.get(5, TimeUnit.SECONDS);
    }
    assertThat(meters.get("handoff.operation.active").longTaskTimer().activeTasks()).isZero();
    assertThat(meters.get("handoff.operation").timer().count()).isEqualTo(1);
    assertThat(meters.get("handoff.operation").timer().totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  void aMeterTheRegistryRemovedIsRegisteredAgainOnItsNextUse() {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(HandoffMeterObservationHandler.create(meters));

    runScript(registry, Function.identity());
    meters.clear();
    runScript(registry, Function.identity());

    assertThat(snapshot(meters))
        .isEqualTo(metersOf(HandoffMeterObservationHandler::create, Function.identity(), false));
  }

  /**
   * The same {@code Handoff} (so the same tag instances) before and after the registry dropped its
   * meters: the next operations record into meters registered again, not into the dropped ones.
   */
  @Test
  void aMeterTheRegistryRemovedIsNotRecordedIntoByTheSameHandoff() {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(HandoffMeterObservationHandler.create(meters));
    CallModel model = CallModel.create(AUTH_ID);
    model.node(PHLO, NODE).member(AGENT);
    FakeCallControl plivo = FakeCallControl.create(model);
    HandoffConfig.Builder builder = plivo.configBuilder(CREDENTIALS);
    HandoffObservation.create(registry).register(builder, plivo);
    try (Handoff handoff = Handoff.create(plivo, builder.build())) {
      handoff.warmTransfer(WARM);
      Timer dropped = meters.get("handoff.operation").timer();
      meters.remove(dropped);
      meters.remove(meters.get("handoff.attempt").timer());

      String accepted = "{\"api_id\":\"a2\",\"error\":\"\"}";
      plivo.enqueue(ScriptedResponse.json(201, accepted));
      plivo.enqueue(ScriptedResponse.json(201, accepted));
      handoff.warmTransfer(WARM);
      handoff.warmTransfer(WARM);

      assertThat(dropped.count()).isEqualTo(1);
      assertThat(meters.get("handoff.operation").timer()).isNotSameAs(dropped);
      assertThat(meters.get("handoff.operation").timer().count()).isEqualTo(2);
      assertThat(meters.get("handoff.attempt").timer().count()).isEqualTo(2);
    }
  }

  @Test
  void refusesNulls() {
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffMeterObservationHandler.create(null))
        .withMessageContaining("registry");
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                HandoffMeterObservationHandler.create(
                    new SimpleMeterRegistry(), (IgnoredMeters) null))
        .withMessageContaining("ignored meter");
  }
}
