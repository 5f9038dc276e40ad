package com.example.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Address;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.Receipt;
import dev.handoff.testkit.FakePlivoServer;
import org.junit.jupiter.api.Test;

/**
 * The same tests over whichever transport the Maven profile put on the class path: {@code mvn
 * verify} (Retrofit), {@code mvn verify -Pvertx}, {@code mvn verify -Pjdk}. Only the check of
 * which transport ran reads the profile's name.
 */
class TransferDeskTest {
  static final Credentials CREDENTIALS = new Credentials("MA0123456789ABCDEFGH", "secret-token");
  static final String PHLO = "4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10";
  static final String NODE = "9a2c3b1e-0c1d-4e5f-8a9b-112233445566";
  static final String EXPECTED = System.getProperty("expected.transport", "retrofit");

  @Test
  void aWarmTransferGoesThroughTheTransportOnTheClassPath() {
    assumeFalse(EXPECTED.equals("several"), "two transports: see the next test");
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      plivo.addNode(PhloId.of(PHLO), NodeId.of(NODE),
          Address.of("+14152223333"), Address.of("+14152224444"));
      try (TransferDesk desk = new TransferDesk(config(plivo))) {
        Receipt receipt = desk.warmTransfer(PHLO, NODE, "+14152223333", "+14152225555");
        assertThat(receipt.status()).isEqualTo(201);
        assertThat(receipt.apiId()).isNotBlank();
      }
      assertThat(plivo.requests()).hasSize(1);
      assertThat(plivo.httpRequests().get(0).header("User-Agent"))
          .as("the transport named in the User-Agent")
          .contains("(" + EXPECTED + ";");
      assertThat(plivo.members(PhloId.of(PHLO), NodeId.of(NODE)))
          .contains(Address.of("+14152225555"));
    }
  }

  @Test
  void twoTransportsAndNoneChosenFailNamingBoth() {
    assumeTrue(EXPECTED.equals("several"), "one transport on the class path");
    try (FakePlivoServer plivo = FakePlivoServer.start(CREDENTIALS)) {
      assertThatIllegalStateException()
          .isThrownBy(() -> new TransferDesk(config(plivo)))
          .withMessageContaining("retrofit (dev.handoff.retrofit.RetrofitTransportProvider)")
          .withMessageContaining("jdk (dev.handoff.jdk.JdkTransportProvider)")
          .withMessageContaining(".transport(");
      // Naming one is enough.
      try (TransferDesk desk = new TransferDesk(config(plivo).toBuilder().transport("jdk").build())) {
        assertThat(desk).isNotNull();
      }
    }
  }

  private static HandoffConfig config(FakePlivoServer plivo) {
    return HandoffConfig.builder(CREDENTIALS)
        .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
  }
}
