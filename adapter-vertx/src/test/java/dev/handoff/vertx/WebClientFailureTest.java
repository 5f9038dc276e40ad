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
 * What only the Vert.x transport does when there is no usable response: it refuses a body over the
 * limit before or while reading it and drops the connection, reads one of exactly the limit, and
 * aborts an exchange whose deadline passed or whose future was cancelled; once closed, it sends
 * nothing. Refused and reset connections, and {@code Handoff.close()}, are the behaviour and
 * lifecycle contracts' ({@code VertxBehaviourContractTest}, {@code VertxLifecycleContractTest}).
 */
class WebClientFailureTest {
  private RecordingServer server;
  private Handoff handoff;

  @BeforeEach
  void start() {
    server = RecordingServer.start();
    handoff = WebClientHandoff.create(Fixtures.config(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    handoff.close();
    server.close();
  }

  @Test
  void bodyAnnouncedOverOneMebibyteIsUnknownAndTheConnectionIsDropped() throws Exception {
    server.enqueueHugeBody(5); // 1.25 MiB, announced

    // A 2xx is Plivo's acceptance whatever its body: the receipt says the body was not read.
    assertThat(handoff.warmTransfer(WARM).unreadableBody())
        .isEqualTo("the body is larger than " + Wire.MAX_RESPONSE_BYTES + " bytes");
    server.connectionClosed().get(10, TimeUnit.SECONDS);
  }

  @Test
  void chunkedBodyOverOneMebibyteIsUnknownAndTheConnectionIsDropped() throws Exception {
    server.enqueueHugeChunkedBody(8); // 2 MiB, no Content-Length

    assertThat(handoff.warmTransfer(WARM).unreadableBody())
        .isEqualTo("the body is larger than " + Wire.MAX_RESPONSE_BYTES + " bytes");
    server.connectionClosed().get(10, TimeUnit.SECONDS);
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
        WebClientHandoff.create(Fixtures.config(server.baseUrl(), Duration.ofSeconds(1)))) {
      assertThatThrownBy(() -> impatient.warmTransfer(WARM))
          .isInstanceOf(DeadlineExceededException.class)
          .satisfies(e -> assertDelivery(e, Delivery.UNKNOWN));
      server.connectionClosed().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void cancellingTheFutureAbortsTheExchange() throws Exception {
    server.enqueueNoAnswer();

    CompletableFuture<Receipt> future = handoff.warmTransferAsync(WARM);
    server.takeRequest();
    assertThat(future.cancel(true)).isTrue();

    server.connectionClosed().get(10, TimeUnit.SECONDS);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void sendAfterCloseIsNotSent() throws Exception {
    // Handoff refuses an operation once closed; the port refuses on its own too.
    HandoffConfig config = Fixtures.config(server.baseUrl());
    Vertx vertx = Vertx.vertx();
    WebClientCallControl callControl =
        new WebClientCallControl(
            config,
            vertx,
            VertxOwnership.OWNED,
            VertxModule.httpClient(vertx, config),
            WebClientHandoff.ABORTS_ON_CANCEL);
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
