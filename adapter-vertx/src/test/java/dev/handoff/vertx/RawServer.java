package dev.handoff.vertx;

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
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A loopback peer of plain sockets (no Vert.x, so that nothing it does writes a Vert.x log record)
 * that reads each request and then does what the test scripted: writes raw bytes, resets the
 * connection, or stays silent. For the Vert.x transport's own hostile cases; the contract suites
 * have their own peer. Scripts are taken in order across connections; with none left, it answers
 * 201 with {@link #BODY}.
 */
final class RawServer implements AutoCloseable {
  static final String BODY = "{\"api_id\":\"own-answer\",\"error\":\"\"}";

  /** What to do once a request was read. */
  sealed interface Action {}

  /** Writes {@code bytes}, then closes the connection if {@code close}. */
  record Write(String bytes, boolean close) implements Action {}

  /** Writes {@code bytes} (none when empty), then closes the connection with a TCP RST. */
  record Reset(String bytes) implements Action {
    Reset() {
      this("");
    }
  }

  /** Neither answers nor closes. */
  record Silent() implements Action {}

  private final ServerSocket server;
  private final Queue<Action> script = new ConcurrentLinkedQueue<>();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final Semaphore accepted = new Semaphore(0);
  private final Semaphore closedByClient = new Semaphore(0);
  private volatile boolean closed;

  private RawServer() {
    try {
      server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "raw-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static RawServer start(Action... actions) {
    RawServer raw = new RawServer();
    raw.script.addAll(List.of(actions));
    return raw;
  }

  /** {@code text} as ISO-8859-1 bytes, the connection kept open. */
  static Action write(String text) {
    return new Write(text, false);
  }

  /** A response with {@code status}, a JSON body and its {@code Content-Length}. */
  static String json(int status, String body) {
    return "HTTP/1.1 "
        + status
        + " X\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  URI httpsBaseUrl() {
    return URI.create("https://127.0.0.1:" + server.getLocalPort());
  }

  int requestCount() {
    return requestHeads.size();
  }

  int connectionCount() {
    return connections.size();
  }

  /** Waits (at most 10 s) until it accepted {@code count} connections in all. */
  void awaitConnections(int count) throws InterruptedException {
    if (!accepted.tryAcquire(count, 10, TimeUnit.SECONDS)) {
      throw new AssertionError("the client did not open " + count + " connections within 10 s");
    }
    accepted.release(count);
  }

  /**
   * Waits (at most 10 s) until the client closed {@code count} connections in all, seen as the end
   * of its stream.
   */
  void awaitClosedByClient(int count) throws InterruptedException {
    if (!closedByClient.tryAcquire(count, 10, TimeUnit.SECONDS)) {
      throw new AssertionError("the client did not close " + count + " connections within 10 s");
    }
    closedByClient.release(count);
  }

  /**
   * Writes {@code text} now on its {@code index}th connection (0 for the first), from any thread.
   */
  void writeOn(int index, String text) throws IOException {
    OutputStream out = connections.get(index).getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    connections.forEach(RawServer::closeQuietly);
  }

  private void accept() {
    while (!closed) {
      Socket connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        return;
      }
      connections.add(connection);
      accepted.release();
      Thread serving = new Thread(() -> serve(connection), "raw-server-connection");
      serving.setDaemon(true);
      serving.start();
    }
  }

  private void serve(Socket connection) {
    try {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          closedByClient.release();
          return;
        }
        skip(in, contentLength(head));
        requestHeads.add(head);
        Action action = script.poll();
        if (action == null) {
          action = write(json(201, BODY));
        }
        if (action instanceof Reset reset) {
          out.write(reset.bytes().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          connection.setSoLinger(true, 0);
          connection.close();
          return;
        }
        if (action instanceof Write written) {
          out.write(written.bytes().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (written.close()) {
            connection.close();
            return;
          }
        }
      }
    } catch (IOException e) {
      // The client reset the connection, or close() closed it.
      closedByClient.release();
    }
  }

  private static @Nullable String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
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

  private static void skip(InputStream in, long length) throws IOException {
    for (long left = length; left > 0; left--) {
      if (in.read() < 0) {
        throw new IOException("body cut short");
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing
    }
  }
}
