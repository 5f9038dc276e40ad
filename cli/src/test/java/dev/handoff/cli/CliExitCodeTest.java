package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.Receipt;
import dev.handoff.testkit.FakePlivoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's D10 and D8 at the shell: every way the CLI can fail ends with a code of its table (0,
 * 2, 3, 4), never 1, with one line on stderr and no credentials in it. Invalid values (ports
 * outside 1-65535, IPv4 numbers above 255) are exit 2 with nothing sent; a transport that fails in
 * ways no real one is known to (played by a stand-in {@link Handoff}) is exit 2 before sending,
 * else 4.
 */
class CliExitCodeTest {
  private static final String TOKEN = "cli-EXIT-token-5up3r-s3cr3t";
  private static final Credentials CREDENTIALS = new Credentials("MACLIEXIT00000000000", TOKEN);
  private static final String CALL = CliFixture.CALL;

  @RegisterExtension final CliFixture cli = CliFixture.standard(CREDENTIALS);
  private final FakePlivoServer server = cli.server();
  private final StringWriter out = cli.out();
  private final StringWriter err = cli.err();

  // ---- D10: invalid values are exit 2, nothing sent ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aBaseUrlPortOutside1To65535ExitsTwoWithoutSending(Transport transport) {
    for (String port : List.of("0", "65536", "99999")) {
      for (String option : List.of("--phlo-url", "--voice-url")) {
        String url = "http://127.0.0.1:" + port;
        CliFixture.Run run =
            cli.runApart(
                withBaseUrls(
                    transport,
                    option.equals("--phlo-url") ? url : server.baseUrl().toString(),
                    option.equals("--voice-url") ? url : server.baseUrl().toString(),
                    warmTransferArgs("+14152225555")));
        int exit = run.exit();
        String caseErr = run.err();

        assertThat(exit).as(option + " " + url + " -> " + caseErr).isEqualTo(2);
        assertThat(caseErr)
            .isEqualTo(
                "handoff: invalid input, nothing sent: "
                    + option
                    + " must have a port of 1-65535, was \""
                    + url
                    + "\""
                    + System.lineSeparator());
      }
    }
    assertThat(server.requestCount()).isZero();
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sip:agent1@phone.plivo.com:99999",
        "sip:agent1@phone.plivo.com:0",
        "sip:agent1@999.999.999.999",
        "sip:agent1@10.0.0.256:5060"
      })
  void aSipAddressWithAnInvalidPortOrHostExitsTwoWithoutSending(String address) {
    for (Transport transport : Transport.values()) {
      assertInvalid(run(warmTransfer(transport, address)), "--to must be a SIP URI whose");
      assertInvalid(
          run(
              withServer(
                  transport,
                  "member",
                  "hold",
                  "--phlo-id",
                  "phlo-1",
                  "--node-id",
                  "node-1",
                  "--member",
                  address)),
          "--member must be a SIP URI whose");
    }
  }

  @Test
  void aWebhookUrlPortOutside1To65535ExitsTwoWithoutSending() {
    assertInvalid(
        run(
            withServer(
                Transport.RETROFIT,
                "transfer-call",
                "--call-uuid",
                CALL,
                "--aleg-url",
                "https://example.com:99999/a.xml")),
        "--aleg-url: url must have a port of 1-65535, was \"https://example.com:99999/a.xml\"");
  }

  // ---- D8: a refused URL's password is not printed ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:" + TOKEN + "@bad_host",
        "http:user:" + TOKEN + "@127.0.0.1",
        "https://user:" + TOKEN + "@example.com"
      })
  void aRefusedBaseUrlDoesNotPrintItsPassword(String url) {
    String phlo =
        assertInvalid(
            run(
                withBaseUrls(
                    Transport.VERTX,
                    url,
                    server.baseUrl().toString(),
                    warmTransferArgs("+14152225555"))),
            "--phlo-url must be an absolute https URL");
    String voice =
        assertInvalid(
            run(
                withBaseUrls(
                    Transport.RETROFIT,
                    server.baseUrl().toString(),
                    url,
                    warmTransferArgs("+14152225555"))),
            "--voice-url must be an absolute https URL");
    assertThat(phlo).contains("****@");
    assertThat(voice).contains("****@");
  }

  @Test
  void aRefusedWebhookUrlDoesNotPrintItsPassword() {
    String line =
        assertInvalid(
            run(
                withServer(
                    Transport.RETROFIT,
                    "transfer-call",
                    "--call-uuid",
                    CALL,
                    "--aleg-url",
                    "https://user:" + TOKEN + "@bad_host/a.xml")),
            "--aleg-url: url must be");
    assertThat(line).contains("\"https://****@bad_host/a.xml\"");
  }

  @Test
  void aUsageErrorQuotingTheTokenDoesNotPrintIt() {
    List<String> args = new ArrayList<>(List.of(warmTransfer(Transport.RETROFIT, "+14152225555")));
    args.addAll(List.of("--auth-token", TOKEN.toUpperCase(Locale.ROOT)));

    int exit = run(args.toArray(String[]::new));

    assertThat(exit).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("handoff: Unknown");
    assertThat(server.requestCount()).isZero();
  }

  // ---- D4: a token a peer echoes outside the body is not printed ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTokenEchoedInTheStatusLineOrAHeaderIsNotPrinted(Transport transport) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((CREDENTIALS.authId() + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    for (String reply :
        List.of(
            TOKEN + " 401 Unauthorized\r\nContent-Length: 0\r\n\r\n",
            basic + " 401 Unauthorized\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 401 Unauthorized\r\nContent-Length: " + TOKEN + "\r\n\r\n{}",
            "HTTP/1.1 401 " + TOKEN.toUpperCase(Locale.ROOT) + "\r\nContent-Length: 0\r\n\r\n")) {
      try (EchoingPeer peer = new EchoingPeer(reply)) {
        CliFixture.Run run =
            cli.runApart(
                withBaseUrls(transport, peer.url(), peer.url(), warmTransferArgs("+14152225555")));
        int exit = run.exit();
        String caseErr = run.err();

        assertThat(exit).as(reply + " -> " + caseErr).isIn(3, 4);
        assertThat(caseErr.lines()).as(caseErr).hasSize(1);
      }
    }
  }

  // ---- no path ends outside the table ----

  @Test
  void aTransportRefusingTheConfigurationExitsTwo() {
    int exit =
        run(
            (transport, config) -> {
              throw new IllegalArgumentException("Invalid URL host: \"[fe80::1%25eth0]\"");
            },
            warmTransfer(Transport.RETROFIT, "+14152225555"));

    assertOneLine(exit, 2, "handoff: invalid input, nothing sent: Invalid URL host:");
  }

  @Test
  void aTransportThatCannotStartExitsFourSayingNothingWasSent() {
    int exit =
        run(
            (transport, config) -> {
              throw new IllegalStateException("no event loop");
            },
            warmTransfer(Transport.VERTX, "+14152225555"));

    assertOneLine(
        exit,
        4,
        "handoff: no usable answer from Plivo: the vertx transport could not start, nothing was"
            + " sent (IllegalStateException: no event loop)");
  }

  @Test
  void anErrorWhileStartingExitsFour() {
    int exit =
        run(
            (transport, config) -> {
              throw new NoClassDefFoundError("io/vertx/core/Vertx");
            },
            warmTransfer(Transport.VERTX, "+14152225555"));

    assertOneLine(
        exit,
        4,
        "handoff: unexpected failure, Plivo may have performed the request: NoClassDefFoundError:"
            + " io/vertx/core/Vertx");
  }

  @Test
  void anUnexpectedFailureOfTheOperationExitsFourOnOneLineWithoutTheToken() {
    AtomicInteger closes = new AtomicInteger();
    int exit =
        run(
            (transport, config) ->
                stub(
                    closes,
                    () -> {
                      throw new IllegalStateException("bug\nechoing " + TOKEN);
                    }),
            warmTransfer(Transport.RETROFIT, "+14152225555"));

    assertOneLine(
        exit,
        4,
        "handoff: unexpected failure, Plivo may have performed the request:"
            + " IllegalStateException: bug\\nechoing ****");
    assertThat(closes).hasValue(1);
  }

  @Test
  void anAssertionErrorOfTheOperationExitsFour() {
    int exit =
        run(
            (transport, config) ->
                stub(
                    new AtomicInteger(),
                    () -> {
                      throw new AssertionError("unreachable");
                    }),
            warmTransfer(Transport.RETROFIT, "+14152225555"));

    assertOneLine(
        exit,
        4,
        "handoff: unexpected failure, Plivo may have performed the request: AssertionError:"
            + " unreachable");
  }

  @Test
  void aFailureToCloseAfterPlivoAcceptedStillExitsZero() {
    int exit =
        run(
            (transport, config) ->
                stub(null, () -> new Receipt(201, "c1ea5e00-0000-4000-8000-000000000001")),
            warmTransfer(Transport.RETROFIT, "+14152225555"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .containsExactly("{\"status\":201,\"api_id\":\"c1ea5e00-0000-4000-8000-000000000001\"}");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theDemoWithATransportThatCannotStartExitsFour() {
    int exit =
        HandoffCli.run(
            new String[] {"demo"},
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of(),
            (transport, config) -> {
              throw new IllegalStateException("no threads left");
            });

    assertThat(exit).as(err.toString()).isEqualTo(4);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .isEqualTo(
            "handoff: unexpected failure, Plivo may have performed the request:"
                + " IllegalStateException: no threads left");
  }

  // ---- helpers ----

  /**
   * A loopback peer that answers every request with the same raw bytes, then closes the connection:
   * a status line or a header no well-behaved server would send.
   */
  private static final class EchoingPeer implements AutoCloseable {
    private final ServerSocket socket;

    EchoingPeer(String reply) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread serving =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket connection = socket.accept()) {
                    readRequest(connection.getInputStream());
                    OutputStream out = connection.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                  } catch (IOException e) {
                    // closed, or the client went away
                  }
                }
              },
              "echoing-peer");
      serving.setDaemon(true);
      serving.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Reads a request's head and its {@code Content-Length} bytes of body. */
    private static void readRequest(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
      }
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          in.readNBytes(Integer.parseInt(line.substring(15).trim()));
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Something to do in place of Plivo: a receipt, or a throw. */
  private interface Answer {
    Receipt get();
  }

  /**
   * A stand-in {@link Handoff}: {@code warmTransfer} does what {@code answer} does; {@code close}
   * counts into {@code closes}, or throws when that is null.
   */
  private static Handoff stub(AtomicInteger closes, Answer answer) {
    InvocationHandler handler =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "warmTransfer" -> answer.get();
              case "close" -> {
                if (closes == null) {
                  throw new IllegalStateException("close failed");
                }
                closes.incrementAndGet();
                yield null;
              }
              case "toString" -> "StubHandoff";
              default -> throw new UnsupportedOperationException(method.getName());
            };
    return (Handoff)
        Proxy.newProxyInstance(
            Handoff.class.getClassLoader(), new Class<?>[] {Handoff.class}, handler);
  }

  private int run(String... args) {
    return cli.run(args);
  }

  private int run(BiFunction<Transport, HandoffConfig, Handoff> transports, String... args) {
    return cli.run(transports, args);
  }

  private static String[] warmTransferArgs(String to) {
    return CliFixture.warmTransfer(to);
  }

  private String[] warmTransfer(Transport transport, String to) {
    return withServer(transport, warmTransferArgs(to));
  }

  private String[] withServer(Transport transport, String... args) {
    return cli.against(transport, args);
  }

  private static String[] withBaseUrls(
      Transport transport, String phloUrl, String voiceUrl, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--transport", transport.label(), "--phlo-url", phloUrl, "--voice-url", voiceUrl));
    return all.toArray(String[]::new);
  }

  /** Exit 2, one line naming {@code mentioned}, nothing sent, nothing on stdout; then resets. */
  private String assertInvalid(int exit, String mentioned) {
    String stderr = err.toString();
    assertThat(exit).as("exit code; stderr: " + stderr).isEqualTo(2);
    assertThat(stderr.lines()).as(stderr).hasSize(1);
    assertThat(stderr).startsWith("handoff: invalid input, nothing sent: ").contains(mentioned);
    assertThat(server.requestCount()).as("requests sent").isZero();
    assertThat(out.toString()).as("stdout").isEmpty();
    err.getBuffer().setLength(0);
    return stderr;
  }

  private void assertOneLine(int exit, int expectedExit, String line) {
    assertThat(exit).as("exit code; stderr: " + err).isEqualTo(expectedExit);
    assertThat(err.toString().lines()).singleElement().asString().startsWith(line);
    assertThat(server.requestCount()).as("requests sent").isZero();
    assertThat(out.toString()).as("stdout").isEmpty();
  }
}
