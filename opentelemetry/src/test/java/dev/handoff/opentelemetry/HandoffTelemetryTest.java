package dev.handoff.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
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
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.ScriptedResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The spans and the duration histogram a real {@code Handoff} over the testkit's in-memory Plivo
 * produces: names, kinds, attributes, parents across threads and retries, and no secret or phone
 * number anywhere.
 */
class HandoffTelemetryTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
  private static final String AUTH_TOKEN = "test-token-0123456789abcdef";
  private static final Credentials CREDENTIALS = new Credentials(AUTH_ID, AUTH_TOKEN);
  private static final PhloId PHLO = PhloId.of("phlo-7f3a");
  private static final NodeId NODE = NodeId.of("node-91c2");
  private static final Address AGENT = Address.of("+14152223333");
  private static final Address CUSTOMER = Address.of("+14155550100");
  private static final Address SUPERVISOR = Address.of("sip:supervisor@phone.plivo.com");
  private static final WarmTransfer WARM = new WarmTransfer(PHLO, NODE, AGENT, SUPERVISOR);
  private static final String CALL = "55309cee-821d-11e4-9a73-498d468c930b";
  private static final String NODE_TEMPLATE = "/v1/phlo/{phlo_id}/multi_party_call/{node_id}";
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

  private final CallModel model = CallModel.create(AUTH_ID);
  private final FakeCallControl plivo = FakeCallControl.create(model);
  private final List<Handoff> opened = new ArrayList<>();

  HandoffTelemetryTest() {
    model.node(PHLO, NODE).member(AGENT).member(CUSTOMER);
    model.call(CALL);
  }

  @AfterEach
  void close() {
    opened.forEach(Handoff::close);
  }

  private Handoff handoff(HandoffTelemetry telemetry, Consumer<HandoffConfig.Builder> more) {
    HandoffConfig.Builder builder =
        plivo
            .configBuilder(CREDENTIALS)
            .retryPolicy(
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO));
    telemetry.register(builder, plivo);
    more.accept(builder);
    Handoff handoff = Handoff.create(plivo, builder.build());
    opened.add(handoff);
    return handoff;
  }

  private Handoff handoff() {
    return handoff(HandoffTelemetry.create(OTEL.getOpenTelemetry()), b -> {});
  }

  private static SpanData span(String name) {
    return OTEL.getSpans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + OTEL.getSpans()));
  }

  @Test
  void anOperationIsAnInternalSpanAndItsAttemptAClientSpanAfterTheHttpConventions() {
    assertThat(handoff().warmTransfer(WARM).status()).isEqualTo(201);

    SpanData operation = span("handoff warm_transfer");
    SpanData attempt = span("POST " + NODE_TEMPLATE);
    assertThat(OTEL.getSpans()).hasSize(2);
    assertThat(operation)
        .hasKind(SpanKind.INTERNAL)
        .hasNoParent()
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(HandoffTelemetry.OPERATION, "warm_transfer"),
            equalTo(HandoffTelemetry.TRANSPORT, "fake"),
            equalTo(HandoffTelemetry.ATTEMPTS, 1L));
    assertThat(attempt)
        .hasKind(SpanKind.CLIENT)
        .hasParent(operation)
        .hasAttributesSatisfyingExactly(
            equalTo(HandoffTelemetry.HTTP_REQUEST_METHOD, "POST"),
            equalTo(HandoffTelemetry.SERVER_ADDRESS, "phlorunner.plivo.com"),
            equalTo(HandoffTelemetry.SERVER_PORT, 443L),
            equalTo(HandoffTelemetry.URL_TEMPLATE, NODE_TEMPLATE),
            equalTo(HandoffTelemetry.HTTP_RESPONSE_STATUS_CODE, 201L));

    MetricData metric =
        OTEL.getMetrics().stream()
            .filter(m -> m.getName().equals("http.client.request.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(metric.getUnit()).isEqualTo("s");
    assertThat(metric.getHistogramData().getPoints())
        .singleElement()
        .satisfies(
            point -> {
              assertThat(((HistogramPointData) point).getCount()).isEqualTo(1);
              assertThat(point.getAttributes().get(HandoffTelemetry.HTTP_RESPONSE_STATUS_CODE))
                  .isEqualTo(201L);
              assertThat(point.getAttributes().get(HandoffTelemetry.URL_TEMPLATE))
                  .isEqualTo(NODE_TEMPLATE);
            });
  }

  @Test
  void theOperationIsAChildOfTheCallersSpanAcrossAsyncCompletionAndRetries() {
    plivo.enqueue(ScriptedResponse.json(429, "{\"api_id\":\"a1\",\"error\":\"too many\"}"));
    Handoff handoff = handoff();
    Span caller = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("caller").startSpan();
    CompletableFuture<?> result;
    try (Scope scope = caller.makeCurrent()) {
      result = handoff.warmTransferAsync(WARM);
    }
    // Joined outside the caller's scope: the retry ran on Handoff's threads.
    result.join();
    caller.end();

    SpanData callerSpan = span("caller");
    SpanData operation = span("handoff warm_transfer");
    assertThat(operation).hasParent(callerSpan).hasTraceId(callerSpan.getTraceId());
    assertThat(operation.getAttributes().get(HandoffTelemetry.ATTEMPTS)).isEqualTo(2L);
    List<SpanData> attempts =
        OTEL.getSpans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a).hasParent(operation));
    assertThat(attempts.get(0))
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, "429"))
        .hasAttribute(HandoffTelemetry.ERROR_TYPE, "429")
        .hasAttribute(HandoffTelemetry.HTTP_RESPONSE_STATUS_CODE, 429L);
    assertThat(attempts.get(0).getAttributes().get(HandoffTelemetry.HTTP_REQUEST_RESEND_COUNT))
        .isNull();
    assertThat(attempts.get(1)).hasAttribute(HandoffTelemetry.HTTP_REQUEST_RESEND_COUNT, 1L);
  }

  @Test
  void aFailedOperationCarriesItsErrorType() {
    plivo.enqueue(ScriptedResponse.json(404, "{\"api_id\":\"a1\",\"error\":\"not found\"}"));
    Throwable thrown = catchThrowable(() -> handoff().warmTransfer(WARM));

    assertThat(span("handoff warm_transfer"))
        .hasAttribute(HandoffTelemetry.ERROR_TYPE, thrown.getClass().getSimpleName())
        .hasStatus(
            io.opentelemetry.sdk.trace.data.StatusData.create(
                StatusCode.ERROR, "NotFoundException"));
  }

  @Test
  void aTransportFailureIsTheAttemptsErrorType() {
    plivo.enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN));
    catchThrowable(() -> handoff().warmTransfer(WARM));

    assertThat(span("POST " + NODE_TEMPLATE))
        .hasAttribute(HandoffTelemetry.ERROR_TYPE, "dev.handoff.model.TransportFailureException");
    assertThat(span("handoff warm_transfer"))
        .hasAttribute(HandoffTelemetry.ERROR_TYPE, "TransportFailureException");
  }

  @Test
  void theVoiceApisServerAndTemplateAndNoPrivateValueAnywhere() {
    Handoff handoff =
        handoff(
            HandoffTelemetry.create(OTEL.getOpenTelemetry())
                .withBaseUrls(
                    URI.create("https://phlo.example.com:8443"),
                    URI.create("https://voice.example.com")),
            b -> {});
    handoff.warmTransfer(WARM);
    handoff.transferCall(
        new CallTransfer(CallUuid.of(CALL), Legs.aLeg(WebhookUrl.of("https://example.com/a.xml"))));

    assertThat(span("POST /v1/Account/{auth_id}/Call/{call_uuid}/"))
        .hasAttribute(HandoffTelemetry.SERVER_ADDRESS, "voice.example.com")
        .hasAttribute(HandoffTelemetry.SERVER_PORT, 443L);
    assertThat(span("POST " + NODE_TEMPLATE))
        .hasAttribute(HandoffTelemetry.SERVER_ADDRESS, "phlo.example.com")
        .hasAttribute(HandoffTelemetry.SERVER_PORT, 8443L);
    List<String> texts = new ArrayList<>();
    for (SpanData span : OTEL.getSpans()) {
      texts.add(span.getName());
      texts.add(span.getAttributes().toString());
      texts.add(span.getStatus().toString());
      texts.add(span.getEvents().toString());
    }
    OTEL.getMetrics().forEach(m -> texts.add(m.toString()));
    for (String text : texts) {
      for (String secret : PRIVATE) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  @Test
  void laterInterceptorsAddEventsToTheOperationsSpan() {
    handoff(
            HandoffTelemetry.create(OTEL.getOpenTelemetry()),
            b ->
                b.addOperationInterceptor(
                    chain -> {
                      HandoffTelemetry.operationSpan(chain).addEvent("handoff.rate_budget.wait");
                      return chain.proceed();
                    }))
        .warmTransfer(WARM);

    assertThat(span("handoff warm_transfer"))
        .hasEventsSatisfyingExactly(event -> event.hasName("handoff.rate_budget.wait"));
  }
}
