package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Vert.x transport where {@link ConnectionGuard} cannot reach a connection's pipeline (on the
 * module path without {@code --add-exports
 * io.vertx.core/io.vertx.core.net.impl=dev.handoff.vertx}): an interim answer Vert.x takes for the
 * final one fails its attempt {@code UNKNOWN} and closes its connection, so the answer behind it
 * reaches no other operation; and nothing is logged. The contract suites run with the guard, which
 * skips the interim answer instead.
 */
class WebClientGuardlessTest {
  @RegisterExtension final LogRecords logs = new LogRecords();

  private RawServer peer;
  private Vertx vertx;
  private Handoff handoff;

  @AfterEach
  void stop() {
    if (handoff != null) {
      handoff.close();
    }
    if (vertx != null) {
      RecordingServer.await(vertx.close());
    }
    if (peer != null) {
      peer.close();
    }
  }

  @Test
  void theContractsRunWithTheGuard() {
    assertThat(ConnectionGuard.available())
        .as("ConnectionGuard reaches the pipeline (the test JVM exports io.vertx.core.net.impl)")
        .isTrue();
  }

  @Test
  void anInterimAnswerFailsItsAttemptAndClosesItsConnection() throws Exception {
    peer =
        RawServer.start(
            RawServer.write(
                "HTTP/1.1 102 Processing\r\n\r\n"
                    + RawServer.json(201, "{\"api_id\":\"behind-the-102\",\"error\":\"\"}")),
            RawServer.write(RawServer.json(201, RawServer.BODY)));
    handoff = guardless(Fixtures.config(peer.baseUrl()));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class)
        .hasMessageContaining("interim answer (HTTP 102)")
        .satisfies(
            e ->
                assertThat(((TransportFailureException) e).delivery()).isEqualTo(Delivery.UNKNOWN));
    peer.awaitClosedByClient(1);

    assertThat(handoff.warmTransfer(WARM))
        .as("the next operation's own answer, not the one behind the 102")
        .isEqualTo(new Receipt(201, "own-answer"));
    assertThat(peer.requestCount()).isEqualTo(2);
    assertThat(peer.connectionCount()).isEqualTo(2);
  }

  /** A Handoff over the transport on a client whose connections get no guard. */
  private Handoff guardless(HandoffConfig config) {
    vertx = Vertx.vertx();
    WebClientCallControl callControl =
        new WebClientCallControl(
            config,
            vertx,
            VertxOwnership.BORROWED,
            VertxModule.httpClient(vertx, config, false),
            WebClientHandoff.ABORTS_ON_CANCEL);
    return Handoff.create(callControl, config);
  }
}
