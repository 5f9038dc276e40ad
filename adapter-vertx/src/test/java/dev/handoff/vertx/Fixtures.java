package dev.handoff.vertx;

import dev.handoff.HandoffConfig;
import dev.handoff.RetryPolicy;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.Wire;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

/** The requests and configuration the Vert.x transport's tests share. */
final class Fixtures {
  static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
  static final String AUTH_TOKEN = "s3cr3t-T0ken";
  static final Credentials CREDENTIALS = new Credentials(AUTH_ID, AUTH_TOKEN);

  /** Computed here, not by {@code Wire}, so the test checks Wire's header too. */
  static final String EXPECTED_AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((AUTH_ID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));

  static final PhloId PHLO = PhloId.of("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10");
  static final NodeId NODE = NodeId.of("d2e5b9c3-0c1e-4a57-8a2b-6f5e4d3c2b1a");
  static final String NODE_PATH = "/v1/phlo/" + PHLO + "/multi_party_call/" + NODE;
  static final CallUuid CALL = CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b");

  static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId(PHLO)
          .nodeId(NODE)
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();

  static final ReadNode READ = new ReadNode(PHLO, NODE);

  static final CallTransfer TRANSFER =
      new CallTransfer(
          CALL,
          Legs.both(
              WebhookUrl.of("http://aleg.url", UrlMethod.GET),
              WebhookUrl.of("http://bleg.url", UrlMethod.GET)));

  private Fixtures() {}

  /**
   * How core describes the requests of a Handoff over {@code config} on this transport: every Wire
   * it makes shares one header map, as a Handoff's do.
   */
  static Function<PlivoRequest, Wire> wires(HandoffConfig config) {
    return Wire.describer(config, VertxCallControl.TRANSPORT);
  }

  /** Both base URLs at {@code server}, no retries, and the given deadline. */
  static HandoffConfig config(URI server, Duration timeout) {
    return HandoffConfig.builder(CREDENTIALS)
        .phloBaseUrl(server)
        .voiceBaseUrl(server)
        .connectTimeout(Duration.ofSeconds(5))
        .timeout(timeout)
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  static HandoffConfig config(URI server) {
    return config(server, Duration.ofSeconds(10));
  }
}
