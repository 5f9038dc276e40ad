package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Address;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.contract.ForwardProxy;
import dev.handoff.testkit.contract.TestCa;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15 at the shell, as a new user tries it: {@code --proxy} through a real forward proxy on
 * loopback ({@link ForwardProxy}, Jetty's {@code ConnectHandler}, which records each tunnel), to a
 * fake Plivo over HTTPS whose certificate a private CA signed ({@link TestCa}), trusted only with
 * {@code --ca-file}; on every transport. The proxy's password is never printed.
 */
class CliThroughProxyTest {
  private static final Credentials CREDENTIALS =
      new Credentials("MACLIPROXY0000000000", "cli-PROXY-token-5up3r-s3cr3t");
  private static final String PROXY_USER = "svc-transfers";
  private static final String PROXY_PASSWORD = "Pr0xy-PASS-w0rd-s3cr3t";

  @RegisterExtension
  final CliFixture cli =
      CliFixture.over(
          CREDENTIALS,
          credentials ->
              FakePlivoServer.startHttps(credentials, TestCa.serverTls())
                  .addNode(
                      PhloId.of(CliFixture.PHLO),
                      NodeId.of(CliFixture.NODE),
                      Address.of(CliFixture.TRIGGER_SOURCE),
                      Address.of("+14152224444")));

  @TempDir Path directory;
  private final FakePlivoServer server = cli.server();
  private final StringWriter out = cli.out();
  private final StringWriter err = cli.err();
  private ForwardProxy proxy;
  private Path caFile;

  @BeforeEach
  void start() throws IOException {
    proxy = ForwardProxy.requiring(PROXY_USER, PROXY_PASSWORD);
    caFile = Files.writeString(directory.resolve("ca.pem"), TestCa.certificatesPem());
  }

  @AfterEach
  void stop() {
    proxy.close();
    assertThat(cli.printed())
        .as("everything printed")
        .doesNotContain(PROXY_PASSWORD)
        .doesNotContain(basic(PROXY_USER + ":" + PROXY_PASSWORD));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTransferGoesThroughTheProxysTunnel(Transport transport) {
    int exit = warmTransfer(transport, proxyUrl(PROXY_PASSWORD), "--ca-file", caFile.toString());

    assertThat(exit).as("exit code; stderr: " + err).isZero();
    assertThat(out.toString()).contains("api_id");
    assertThat(proxy.authorizedTunnels())
        .as("the proxy's log of tunnels")
        .containsExactly("127.0.0.1:" + server.baseUrl().getPort());
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(server.takeHttpRequest().header("Proxy-Authorization"))
        .as("the proxy's credentials at Plivo")
        .isNull();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void withoutTheCaFileTheServerIsRefusedAndNothingIsSent(Transport transport) {
    int exit = warmTransfer(transport, proxyUrl(PROXY_PASSWORD));

    assertThat(exit).as("exit code; stderr: " + err).isEqualTo(4);
    assertThat(err.toString()).contains("warm transfer was not sent");
    assertThat(proxy.authorizedTunnels())
        .as("tunnels opened, each attempt's handshake failed inside (NOT_SENT: retried)")
        .isNotEmpty()
        .containsOnly("127.0.0.1:" + server.baseUrl().getPort());
    assertThat(server.requestCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aRefusedProxyPasswordIsNeverShownAndNothingIsSent(Transport transport) {
    String wrong = "Wr0ng-PASS-w0rd-s3cr3t";

    int exit = warmTransfer(transport, proxyUrl(wrong), "--ca-file", caFile.toString());

    assertThat(exit).as("exit code; stderr: " + err).isEqualTo(4);
    assertThat(err.toString())
        .contains("warm transfer was not sent")
        .doesNotContain(wrong)
        .doesNotContain(basic(PROXY_USER + ":" + wrong));
    assertThat(proxy.tunnels()).isEmpty();
    assertThat(server.requestCount()).isZero();
  }

  private String proxyUrl(String password) {
    return "http://" + PROXY_USER + ":" + password + "@127.0.0.1:" + proxy.port();
  }

  private static String basic(String credentials) {
    return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private int warmTransfer(Transport transport, String proxyUrl, String... more) {
    List<String> args =
        new ArrayList<>(List.of(cli.against(transport, CliFixture.warmTransfer("+14152225555"))));
    args.addAll(List.of("--proxy", proxyUrl));
    args.addAll(List.of(more));
    return cli.run(args.toArray(String[]::new));
  }
}
