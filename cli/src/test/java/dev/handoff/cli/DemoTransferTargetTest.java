package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.PlivoCallbacks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's transfer target answers XML only to requests signed as Plivo signs them. */
class DemoTransferTargetTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void signedRequestGetsTheConferenceXmlAndAForgedOneIs403() throws Exception {
    try (DemoTransferTarget target = DemoTransferTarget.start(DemoCommand.DEMO_CREDENTIALS)) {
      URI url = target.aLegUrl().uri();
      List<Map.Entry<String, String>> params =
          List.of(Map.entry("CallUUID", DemoCommand.CALL.value()), Map.entry("Event", "Transfer"));
      HttpRequest.Builder signed = HttpRequest.newBuilder(PlivoCallbacks.withQuery(url, params));
      PlivoCallbacks.sign(DemoCommand.DEMO_CREDENTIALS, "GET", url, params).forEach(signed::header);

      HttpResponse<String> genuine =
          client.send(signed.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(genuine.statusCode()).isEqualTo(200);
      assertThat(genuine.body()).contains("<Conference>queue-7</Conference>");

      HttpRequest.Builder forged = HttpRequest.newBuilder(PlivoCallbacks.withQuery(url, params));
      PlivoCallbacks.sign(
              new dev.handoff.model.Credentials("MADEMO00000000000000", "another-token"),
              "GET",
              url,
              params)
          .forEach(forged::header);
      assertThat(client.send(forged.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(403);
      assertThat(target.refused()).isEqualTo(1);
    }
  }
}
