package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.TransferListener;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link ConnectionGuard} and the handshake bound over TLS as well as plain TCP, which the
 * hostile-peer contract (plain loopback HTTP only, since Handoff trusts the JDK's certificates)
 * cannot reach: a connection holding an answer nobody asked for is never reused, whether the stray
 * bytes came in the same TLS record as the answer or in a record of their own; a clean one is
 * reused, chunked bodies included; and the connect timeout bounds the handshake, not the wait for a
 * slow answer.
 */
@Timeout(60)
class RetrofitConnectionGuardTest {
  private static final HeldCertificate CERTIFICATE =
      new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
  private static final HandshakeCertificates SERVER_TLS =
      new HandshakeCertificates.Builder().heldCertificate(CERTIFICATE).build();
  private static final HandshakeCertificates CLIENT_TLS =
      new HandshakeCertificates.Builder().addTrustedCertificate(CERTIFICATE.certificate()).build();
  private static final WarmTransfer TRANSFER = Fixtures.warmTransfer();
  private static final List<String> API_IDS = List.of("first-answer", "second-answer", "third");

  enum Transport {
    PLAIN,
    TLS
  }

  /** What follows each answer on its connection. */
  enum Trailer {
    NOTHING,
    STRAY_ANSWER_IN_THE_SAME_WRITE,
    STRAY_ANSWER_IN_A_WRITE_OF_ITS_OWN
  }

  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void aCleanConnectionIsReused(Transport transport) throws Exception {
    Peer peer = peer(transport, Trailer.NOTHING, false, 0);
    AtomicInteger attempts = new AtomicInteger();
    Handoff handoff = handoff(peer, Duration.ofSeconds(5), attempts);

    for (String apiId : API_IDS) {
      assertThat(handoff.warmTransfer(TRANSFER)).isEqualTo(new Receipt(201, apiId));
    }
    assertThat(peer.connections.get()).as("connections").isEqualTo(1);
    assertThat(attempts.get()).as("attempts").isEqualTo(API_IDS.size());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void aCleanConnectionWithChunkedAnswersIsReused(Transport transport) throws Exception {
    Peer peer = peer(transport, Trailer.NOTHING, true, 0);
    Handoff handoff = handoff(peer, Duration.ofSeconds(5), new AtomicInteger());

    for (String apiId : API_IDS) {
      assertThat(handoff.warmTransfer(TRANSFER)).isEqualTo(new Receipt(201, apiId));
    }
    assertThat(peer.connections.get()).as("connections").isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void strayAnswersInTheSameWriteReachNoOperation(Transport transport) throws Exception {
    assertStrayAnswersReachNoOperation(transport, Trailer.STRAY_ANSWER_IN_THE_SAME_WRITE, false);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void strayAnswersInAWriteOfTheirOwnReachNoOperation(Transport transport) throws Exception {
    assertStrayAnswersReachNoOperation(
        transport, Trailer.STRAY_ANSWER_IN_A_WRITE_OF_ITS_OWN, false);
  }

  /**
   * After a chunked answer the guard cannot tell the answer's end by itself, so a stray answer
   * behind it is caught when the next request is about to be written: that attempt fails {@code
   * NOT_SENT} without a byte written, and its retry, on a fresh connection, gets its own answer.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void strayAnswersAfterChunkedAnswersReachNoOperation(Transport transport) throws Exception {
    assertStrayAnswersReachNoOperation(transport, Trailer.STRAY_ANSWER_IN_THE_SAME_WRITE, true);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void aSlowAnswerIsNotBoundByTheConnectTimeout(Transport transport) throws Exception {
    // connectTimeout 100 ms bounds the handshake; the answer may take longer (the deadline's).
    Peer peer = peer(transport, Trailer.NOTHING, false, 600);
    Handoff handoff =
        handoff(peer, Duration.ofMillis(100), new AtomicInteger(), Duration.ofSeconds(20));

    assertThat(handoff.warmTransfer(TRANSFER)).isEqualTo(new Receipt(201, API_IDS.get(0)));
  }

  private void assertStrayAnswersReachNoOperation(
      Transport transport, Trailer trailer, boolean chunked) throws Exception {
    Peer peer = peer(transport, trailer, chunked, 0);
    AtomicInteger attempts = new AtomicInteger();
    Handoff handoff = handoff(peer, Duration.ofSeconds(5), attempts);

    for (String apiId : API_IDS) {
      assertThat(handoff.warmTransfer(TRANSFER))
          .as("the answer to the operation's own request")
          .isEqualTo(new Receipt(201, apiId));
      // Bytes that arrive after the next request left would be its answer for any client (HTTP/1.1
      // has no request ids): the next operation starts once the peer wrote the stray answer.
      assertThat(peer.strayWritten.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(peer.requests.get()).as("requests read in whole").isEqualTo(API_IDS.size());
    assertThat(peer.connections.get()).as("connections").isGreaterThanOrEqualTo(API_IDS.size());
    if (!chunked) {
      assertThat(attempts.get()).as("attempts").isEqualTo(API_IDS.size());
    }
  }

  private Peer peer(Transport transport, Trailer trailer, boolean chunked, long delayMillis)
      throws IOException {
    Peer peer = new Peer(transport, trailer, chunked, delayMillis);
    closeables.add(peer);
    return peer;
  }

  private Handoff handoff(Peer peer, Duration connectTimeout, AtomicInteger attempts) {
    return handoff(peer, connectTimeout, attempts, Duration.ofSeconds(20));
  }

  private Handoff handoff(
      Peer peer, Duration connectTimeout, AtomicInteger attempts, Duration timeout) {
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .phloBaseUrl(peer.baseUrl())
            .voiceBaseUrl(peer.baseUrl())
            .connectTimeout(connectTimeout)
            .timeout(timeout)
            .listener(
                new TransferListener() {
                  @Override
                  public void attemptStarted(PlivoRequest request, int attempt) {
                    attempts.incrementAndGet();
                  }
                })
            .build();
    SSLSocketFactory tls = CLIENT_TLS.sslSocketFactory();
    X509TrustManager trust = CLIENT_TLS.trustManager();
    OkHttpClient client = RetrofitModule.okHttpClient(config, tls, trust);
    Handoff handoff =
        Handoff.create(
            new RetrofitCallControl(
                client,
                RetrofitModule.services(client, RetrofitModule.moshi(), config),
                RetrofitModule.MAX_REQUESTS),
            config);
    closeables.add(handoff);
    return handoff;
  }

  /**
   * A loopback server, plain or TLS, that answers the n-th request with the n-th of {@link
   * #API_IDS} (and what {@link Trailer} says after it), on whichever connection it came.
   */
  private static final class Peer implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final Semaphore strayWritten = new Semaphore(0);
    private final ServerSocket server;
    private final Transport transport;
    private final Trailer trailer;
    private final boolean chunked;
    private final long delayMillis;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    Peer(Transport transport, Trailer trailer, boolean chunked, long delayMillis)
        throws IOException {
      this.transport = transport;
      this.trailer = trailer;
      this.chunked = chunked;
      this.delayMillis = delayMillis;
      InetAddress loopback = InetAddress.getLoopbackAddress();
      server =
          transport == Transport.TLS
              ? SERVER_TLS.sslContext().getServerSocketFactory().createServerSocket(0, 50, loopback)
              : new ServerSocket(0, 50, loopback);
      Thread acceptor = new Thread(this::accept, "guard-test-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI baseUrl() {
      return URI.create(
          transport.name().toLowerCase(Locale.ROOT).replace("plain", "http").replace("tls", "https")
              + "://127.0.0.1:"
              + server.getLocalPort());
    }

    private void accept() {
      while (true) {
        Socket socket;
        try {
          socket = server.accept();
        } catch (IOException e) {
          return;
        }
        connections.incrementAndGet();
        sockets.add(socket);
        try {
          // Without it Nagle's algorithm holds a second small write until the first is
          // acknowledged: the stray answer would arrive after the next request left.
          socket.setTcpNoDelay(true);
        } catch (IOException e) {
          return;
        }
        Thread serving = new Thread(() -> serve(socket), "guard-test-connection");
        serving.setDaemon(true);
        serving.start();
      }
    }

    private void serve(Socket socket) {
      try (socket;
          InputStream in = socket.getInputStream();
          OutputStream out = socket.getOutputStream()) {
        while (true) {
          int contentLength = readHead(in);
          if (contentLength < 0) {
            return;
          }
          in.readNBytes(contentLength);
          int index = requests.getAndIncrement();
          if (index >= API_IDS.size()) {
            return;
          }
          if (delayMillis > 0) {
            Thread.sleep(delayMillis); // the peer is slow, on purpose
          }
          String answer = answer(API_IDS.get(index));
          String stray = answer("stray-answer");
          switch (trailer) {
            case NOTHING -> out.write(bytes(answer));
            case STRAY_ANSWER_IN_THE_SAME_WRITE -> out.write(bytes(answer + stray));
            case STRAY_ANSWER_IN_A_WRITE_OF_ITS_OWN -> {
              out.write(bytes(answer));
              out.flush();
              out.write(bytes(stray));
            }
          }
          out.flush();
          if (trailer != Trailer.NOTHING) {
            strayWritten.release();
          }
        }
      } catch (IOException e) {
        // The client closed the connection.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private String answer(String apiId) {
      String body = "{\"api_id\": \"" + apiId + "\", \"error\": \"\"}";
      if (!chunked) {
        return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
      }
      // Two chunks, the first ending in a blank line of its own, then the last chunk.
      String first = body.substring(0, 10) + "\r\n\r\n";
      String second = body.substring(10);
      return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(first.length())
          + "\r\n"
          + first
          + "\r\n"
          + Integer.toHexString(second.length())
          + "\r\n"
          + second
          + "\r\n0\r\n\r\n";
    }

    /** Reads a request head; its Content-Length, or -1 when the connection ended. */
    private static int readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return -1;
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          return Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      return 0;
    }

    private static byte[] bytes(String text) {
      return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
