package dev.handoff.vertx;

import static dev.handoff.vertx.Fixtures.AUTH_TOKEN;
import static dev.handoff.vertx.Fixtures.WARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.Handoff;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Vert.x transport never logs (issue 13, D5): Vert.x writes a {@code SEVERE} record for every
 * failure nobody handles (a request's, a response's, a connection's), so the transport handles them
 * all. Each case here is a peer's failure that used to be logged (or, for the last, one the
 * hostile-peer contract does not play); {@link LogRecords} fails the test on any record. The
 * behaviour contract holds every transport to the same for its cases.
 */
class VertxQuietTest {
  @RegisterExtension final LogRecords logs = new LogRecords();

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void connectionResetAfterTheRequest() {
    Handoff handoff = handoff(peer(new RawServer.Reset()));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class)
        .satisfies(e -> assertDelivery(e, Delivery.UNKNOWN));
  }

  @Test
  void connectionResetInTheMiddleOfTheBody() {
    Handoff handoff =
        handoff(
            peer(
                new RawServer.Reset(
                    "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"api_id\":")));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class)
        .satisfies(e -> assertDelivery(e, Delivery.UNKNOWN));
  }

  @Test
  void malformedStatusLineEchoingTheToken() {
    Handoff handoff = handoff(peer(RawServer.write("HTTP/1.1 2x1 " + AUTH_TOKEN + "\r\n\r\n")));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class)
        .satisfies(e -> assertDelivery(e, Delivery.UNKNOWN));
  }

  @Test
  void answerThatIsNotHttp() {
    Handoff handoff = handoff(peer(new RawServer.Write("SSH-2.0-OpenSSH_9.6\r\n", true)));

    assertThatThrownBy(() -> handoff.warmTransfer(WARM))
        .isExactlyInstanceOf(TransportFailureException.class)
        .satisfies(e -> assertDelivery(e, Delivery.UNKNOWN));
  }

  @Test
  void bytesNobodyAskedForCloseAnIdleConnection() throws Exception {
    RawServer peer = peer();
    Handoff handoff = handoff(peer);
    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "own-answer"));

    peer.writeOn(0, "HTTP/1.1 201 Cre");

    peer.awaitClosedByClient(1);
    assertThat(handoff.warmTransfer(WARM)).isEqualTo(new Receipt(201, "own-answer"));
    assertThat(peer.connectionCount()).isEqualTo(2);
    assertThat(peer.requestCount()).isEqualTo(2);
  }

  private RawServer peer(RawServer.Action... script) {
    RawServer peer = RawServer.start(script);
    closeables.add(peer);
    return peer;
  }

  private Handoff handoff(RawServer peer) {
    Handoff handoff = VertxHandoff.create(Fixtures.config(peer.baseUrl()));
    closeables.add(0, handoff);
    return handoff;
  }

  private static void assertDelivery(Throwable e, Delivery delivery) {
    assertThat(((TransportFailureException) e).delivery()).isEqualTo(delivery);
  }
}
