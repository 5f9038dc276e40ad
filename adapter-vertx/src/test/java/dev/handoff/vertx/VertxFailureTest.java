package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Vert.x transport does when there is no usable response, beyond the contracts: it reads a
 * body of exactly the limit, and aborts an exchange whose deadline passed; once closed, it sends
 * nothing. Refused and reset connections, and {@code Handoff.close()}, are the behaviour and
 * lifecycle contracts' ({@code VertxBehaviourContractTest}, {@code VertxLifecycleContractTest});
 * bodies over the limit and cancelled exchanges the hostile-peer contract's ({@code
 * VertxHostilePeerContractTest}).
 */
class VertxFailureTest {
  private RecordingServer server;
  private Handoff handoff;

  @BeforeEach
  void start() {
    server = RecordingServer.start();
    handoff = VertxHandoff.create(Fixtures.config(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    handoff.close();
    server.close();
  }

  @Test
  void bodyOfExactlyOneMebibyteIsRead() {
    String prefix = "{\"api_id\":\"big\",\"pad\":\"";
    String suffix = "\"}";
    String body =
        prefix + "x".repeat(Wire.MAX_RESPONSE_BYTES - prefix.length() - suffix.length()) + suffix;
    server.enqueue(201, "application/json", body);

    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "big"));
  }

  @Test
  void noAnswerWithinTheTimeoutIsDeadlineExceededAndAbortsTheExchange() throws Exception {
    server.enqueueNoAnswer();
    try (Handoff impatient =
        VertxHandoff.create(Fixtures.config(server.baseUrl(), Duration.ofSeconds(1)))) {
      assertThatThrownBy(() -> impatient.warmTransfer(WARM))
          .isInstanceOf(DeadlineExceededException.class)
          .satisfies(e -> assertDelivery(e, Delivery.UNKNOWN));
      server.connectionClosed().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sendAfterCloseIsNotSent() throws Exception {
    // Handoff refuses an operation once closed; the port refuses on its own too.
    HandoffConfig config = Fixtures.config(server.baseUrl());
    Vertx vertx = Vertx.vertx();
    VertxCallControl callControl =
        new VertxCallControl(
            config, vertx, VertxOwnership.OWNED, VertxModule.httpClient(vertx, config));
    callControl.close();
    callControl.close();

    CompletableFuture<PlivoResponse> future = callControl.send(Fixtures.wires(config).apply(WARM));

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isExactlyInstanceOf(TransportFailureException.class)
        .satisfies(e -> assertDelivery(e, Delivery.NOT_SENT));
    assertThat(callControl.name()).isEqualTo("vertx");
    assertThat(server.requestCount()).isZero();
  }

  private static void assertDelivery(Throwable e, Delivery delivery) {
    assertThat(((TransportFailureException) e).delivery()).isEqualTo(delivery);
  }
}
