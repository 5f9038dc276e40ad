package dev.handoff.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawPeerTest {
  @Test
  void answersEachRequestWithTheNextReplyAndRecordsItsHead() throws Exception {
    String first = "HTTP/1.1 102 Processing\r\n\r\n" + RawPeer.json(201, "Created", "{}");
    try (RawPeer peer =
            RawPeer.start(RawPeer.Reply.of(first), RawPeer.Reply.of("HTTP/1.1 204 No\r\n\r\n"));
        Socket socket = new Socket(peer.baseUrl().getHost(), peer.baseUrl().getPort())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(new String(in.readNBytes(first.length()), StandardCharsets.ISO_8859_1))
          .isEqualTo(first);
      out.write("GET /b HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(new String(in.readNBytes(19), StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 204 No\r\n\r\n");

      assertThat(peer.requestHeads())
          .containsExactly(
              "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2", "GET /b HTTP/1.1\r\nHost: x");
      assertThat(peer.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void aSilentPeerAcceptsAndSaysNothing() throws Exception {
    try (RawPeer peer = RawPeer.silent();
        Socket socket = new Socket(peer.baseUrl().getHost(), peer.baseUrl().getPort())) {
      socket.setSoTimeout(200);
      socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
      assertThat(catchThrowable(() -> socket.getInputStream().read()))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(peer.requestCount()).isZero();
    }
  }
}
