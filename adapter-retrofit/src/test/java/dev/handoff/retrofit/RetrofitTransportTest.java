package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.API_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.Handoff;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only this transport decides when there is no usable response, and how it lets go: the TLS
 * failure only {@link RequestProgress} knows was {@code NOT_SENT}, a body of exactly the limit
 * read, a gzip body never inflated, and an interrupted caller's exchange aborted on its own thread.
 * Refused and reset connections, a body cut short, no response and close() are the behaviour and
 * lifecycle contracts' ({@code RetrofitBehaviourContractTest}, {@code
 * RetrofitLifecycleContractTest}); bodies over the limit (announced, chunked, of a 2xx or an error)
 * and cancelled exchanges the hostile-peer contract's ({@code RetrofitHostilePeerContractTest}).
 */
@Timeout(30)
class RetrofitTransportTest {
  private static final WarmTransfer TRANSFER = Fixtures.warmTransfer();

  private MockWebServer server;
  private Handoff handoff;

  @BeforeEach
  void setUp() {
    server = Fixtures.startServer();
    handoff = RetrofitHandoff.create(Fixtures.config(server.getPort()).build());
  }

  @AfterEach
  void tearDown() {
    handoff.close();
    server.close();
  }

  @Test
  void tlsHandshakeFailureIsNotSent() throws Exception {
    // https to a server that answers the ClientHello with plain HTTP: the handshake fails before
    // any request byte is written. Only the per-call event listener knows that: an SSLException
    // is not a connect failure by itself.
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CompletableFuture<Void> answered =
          CompletableFuture.runAsync(
              () -> {
                try (Socket socket = plain.accept()) {
                  socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      try (Handoff tls =
          RetrofitHandoff.create(
              Fixtures.config(server.getPort())
                  .phloBaseUrl("https://127.0.0.1:" + plain.getLocalPort())
                  .build())) {
        Throwable failure = catchThrowable(() -> tls.warmTransfer(TRANSFER));

        assertThat(failure).isInstanceOf(TransportFailureException.class);
        assertThat(((TransportFailureException) failure).delivery()).isEqualTo(Delivery.NOT_SENT);
        assertThat(failure).hasCauseInstanceOf(javax.net.ssl.SSLException.class);
      }
      answered.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void gzipBodyIsNeverInflated() throws IOException {
    // Every request says Accept-Encoding: identity, so OkHttp decodes nothing: a gzip body sent
    // anyway (here a bomb, over 1 MiB inflated) is read as the few bytes it is, which are not
    // JSON, so the 201 gives a receipt without api_id.
    Buffer gzipped = new Buffer();
    try (BufferedSink gzip = Okio.buffer(new GzipSink(gzipped))) {
      gzip.writeAll(bytes(Wire.MAX_RESPONSE_BYTES + 1L));
    }
    assertThat(gzipped.size()).isLessThan(Wire.MAX_RESPONSE_BYTES / 100);
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .addHeader("Content-Encoding", "gzip")
            .body(gzipped)
            .build());

    assertThat(handoff.warmTransfer(TRANSFER))
        .isEqualTo(new Receipt(201, null, null, List.of(), "the body is not a JSON object"));
  }

  @Test
  void bodyOfExactlyOneMebibyteIsRead() {
    String json = "{\"api_id\": \"" + API_ID + "\", \"error\": \"\"}";
    String padded = json + " ".repeat(Wire.MAX_RESPONSE_BYTES - json.length());
    server.enqueue(Fixtures.json(201, padded));

    Receipt receipt = handoff.warmTransfer(TRANSFER);

    assertThat(receipt.apiId()).isEqualTo(API_ID);
  }

  @Test
  void interruptingABlockingCallerAbortsTheExchangeItRunsOnItsThread() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                handoff.warmTransfer(TRANSFER);
              } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              }
            },
            "blocking-caller");
    caller.start();
    server.takeRequest(); // the caller is now blocked reading the answer, in socket I/O

    caller.interrupt();
    caller.join(3_000); // well before the 5 s deadline

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isExactlyInstanceOf(TransportFailureException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(((TransportFailureException) thrown.get()).delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(stillInterrupted).isTrue();
  }

  private static Buffer bytes(long count) {
    Buffer buffer = new Buffer();
    for (long i = 0; i < count; i++) {
      buffer.writeByte('x');
    }
    return buffer;
  }
}
