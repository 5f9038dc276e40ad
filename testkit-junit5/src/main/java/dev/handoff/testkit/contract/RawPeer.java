package dev.handoff.testkit.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A misbehaving peer on {@code 127.0.0.1}, port 0, for the cases no well-behaved server (nor
 * MockWebServer) can play: it reads each request (its head, and a body of its {@code
 * Content-Length}) and answers with raw bytes the test scripted, such as an interim {@code 102}
 * before the real answer, an extra response nobody asked for, a status line that echoes a secret,
 * or nothing at all. Not an HTTP server: it parses only what it must to know where a request ends.
 *
 * <p>Replies are taken in order across every connection; a request with no reply left closes its
 * connection. Thread-safe; {@link #close()} closes the listening socket and every connection.
 */
final class RawPeer implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;

  /** One scripted reply: the bytes to write, and whether to close the connection after them. */
  record Reply(byte[] bytes, boolean closeAfter) {
    /** {@code text} as ISO-8859-1 bytes (HTTP's own), the connection kept open. */
    static Reply of(String text) {
      return new Reply(text.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** The same reply, then the connection closed. */
    Reply thenClose() {
      return new Reply(bytes, true);
    }

    /** This reply's bytes and then {@code more}, in one write: an answer and what trails it. */
    Reply followedBy(String more) {
      byte[] tail = more.getBytes(StandardCharsets.ISO_8859_1);
      byte[] joined = Arrays.copyOf(bytes, bytes.length + tail.length);
      System.arraycopy(tail, 0, joined, bytes.length, tail.length);
      return new Reply(joined, closeAfter);
    }
  }

  private final ServerSocket server;
  private final Queue<Reply> replies = new ArrayDeque<>();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();
  private final List<byte[]> requestBodies = new CopyOnWriteArrayList<>();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final boolean silent;
  private volatile boolean closed;

  private RawPeer(boolean silent, List<Reply> script) {
    this.silent = silent;
    replies.addAll(script);
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "raw-peer-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A peer that answers the requests it reads with {@code script}, in order. */
  static RawPeer start(Reply... script) {
    return new RawPeer(false, List.of(script));
  }

  /**
   * A peer that accepts connections and then neither reads nor writes a byte: to a TLS client, a
   * server that never answers its ClientHello.
   */
  static RawPeer silent() {
    return new RawPeer(true, List.of());
  }

  /** {@code http://127.0.0.1:<port>}, for {@code HandoffConfig}'s base URLs. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** {@code https://127.0.0.1:<port>}: the same port, for a TLS client. */
  URI httpsBaseUrl() {
    return URI.create("https://127.0.0.1:" + server.getLocalPort());
  }

  /** How many requests it read, in whole. */
  int requestCount() {
    return requestHeads.size();
  }

  /** The heads of the requests it read (request line and header lines), in order. */
  List<String> requestHeads() {
    return List.copyOf(requestHeads);
  }

  /** The bodies of the requests it read (empty for none), in order, as sent. */
  List<byte[]> requestBodies() {
    return List.copyOf(requestBodies);
  }

  /** How many connections it accepted. */
  int connectionCount() {
    return connections.size();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (Socket connection : connections) {
      closeQuietly(connection);
    }
  }

  private void accept() {
    while (!closed) {
      Socket connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.add(connection);
      if (silent) {
        continue; // held open, never read, never written
      }
      Thread serving = new Thread(() -> serve(connection), "raw-peer-connection");
      serving.setDaemon(true);
      serving.start();
    }
  }

  private void serve(Socket connection) {
    try (connection;
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream()) {
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        byte[] body = readBody(in, contentLength(head));
        // The body first: a test that saw the head counted may read the body at once.
        requestBodies.add(body);
        requestHeads.add(head);
        Reply reply;
        synchronized (replies) {
          reply = replies.poll();
        }
        if (reply == null) {
          return;
        }
        out.write(reply.bytes());
        out.flush();
        if (reply.closeAfter()) {
          return;
        }
      }
    } catch (IOException e) {
      // The client went away, or close() closed the socket: nothing to report.
    }
  }

  /** The head up to the blank line, or null when the connection ended before a request. */
  private static @Nullable String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static byte[] readBody(InputStream in, long length) throws IOException {
    if (length > MAX_HEAD) {
      throw new IOException("request body over " + MAX_HEAD + " bytes");
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new IOException("body cut short");
    }
    return body;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing: nothing to do.
    }
  }

  /**
   * A response of {@code status} whose head has exactly {@code headers} (each {@code "Name:
   * value"}, in order, nothing added) and whose body is {@code body} as it is.
   */
  static Reply response(int status, String reason, List<String> headers, byte[] body) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason);
    for (String header : headers) {
      head.append("\r\n").append(header);
    }
    byte[] start = head.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes = Arrays.copyOf(start, start.length + body.length);
    System.arraycopy(body, 0, bytes, start.length, body.length);
    return new Reply(bytes, false);
  }

  /** A response with {@code status}, a JSON body and a matching {@code Content-Length}. */
  static String json(int status, String reason, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 "
        + status
        + " "
        + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + bytes.length
        + "\r\n\r\n"
        + new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
