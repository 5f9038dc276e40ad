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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A misbehaving peer on {@code 127.0.0.1}, port 0, for the cases no well-behaved server (nor
 * MockWebServer) can play: it reads each request (its head, and a body of its {@code
 * Content-Length}) and answers with raw bytes the test scripted, such as an interim {@code 102}
 * before the real answer, an extra response nobody asked for, a status line that echoes a secret,
 * or nothing at all. Not an HTTP server: it parses only what it must to know where a request ends.
 *
 * <p>Replies are taken in order across every connection; a request with no reply left closes its
 * connection. A reply may also hold its connection open until the client closes it ({@link
 * Reply#hold()}, {@link Reply#thenHold()}), wait for {@link #release()} before it is written
 * ({@link Reply#gated()}), or stream a long body as fast as the client takes it ({@link
 * Reply#streamed}); the peer records, for each connection, when the client closed it ({@link
 * #awaitClosedByClient}) and how much body it streamed there before ({@link #bodyBytesWritten}).
 * Thread-safe; {@link #close()} closes the listening socket and every connection.
 */
final class RawPeer implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;
  private static final int BACKLOG = 1024;

  /** What a connection does once a reply was written. */
  enum After {
    /** It reads the next request. */
    KEEP,
    /** The peer closes it. */
    CLOSE,
    /** It is held open, read and ignored, until the client closes it. */
    HOLD
  }

  /**
   * A body of {@code length} bytes ({@code x}) the peer writes after a reply's head, in pieces of
   * {@value #PIECE} bytes, each as one chunk when {@code chunked} (then the last chunk).
   */
  record Streamed(long length, boolean chunked) {}

  /**
   * One scripted reply: the bytes to write, what the connection does after them, whether the reply
   * waits for {@link RawPeer#release()} before it is written, and the body streamed after its
   * bytes, if any.
   */
  record Reply(byte[] bytes, After after, boolean waitsForRelease, @Nullable Streamed streamed) {
    /** {@code text} as ISO-8859-1 bytes (HTTP's own), the connection kept open. */
    static Reply of(String text) {
      return new Reply(text.getBytes(StandardCharsets.ISO_8859_1), After.KEEP, false, null);
    }

    /**
     * No answer at all: the request is read and its connection held open until the client closes
     * it.
     */
    static Reply hold() {
      return new Reply(new byte[0], After.HOLD, false, null);
    }

    /**
     * A head ({@code head}, up to and with its blank line) and then a body of {@code length} bytes,
     * written as fast as the client reads them; a client that closes the connection first stops the
     * writing ({@link RawPeer#bodyBytesWritten} tells how far it got).
     */
    static Reply streamed(String head, long length, boolean chunked) {
      return new Reply(
          head.getBytes(StandardCharsets.ISO_8859_1),
          After.KEEP,
          false,
          new Streamed(length, chunked));
    }

    /** The same reply, then the connection closed. */
    Reply thenClose() {
      return new Reply(bytes, After.CLOSE, waitsForRelease, streamed);
    }

    /** The same reply, then the connection held open until the client closes it. */
    Reply thenHold() {
      return new Reply(bytes, After.HOLD, waitsForRelease, streamed);
    }

    /** The same reply, written only once {@link RawPeer#release()} was called. */
    Reply gated() {
      return new Reply(bytes, after, true, streamed);
    }

    /** This reply's bytes and then {@code more}, in one write: an answer and what trails it. */
    Reply followedBy(String more) {
      byte[] tail = more.getBytes(StandardCharsets.ISO_8859_1);
      byte[] joined = Arrays.copyOf(bytes, bytes.length + tail.length);
      System.arraycopy(tail, 0, joined, bytes.length, tail.length);
      return new Reply(joined, after, waitsForRelease, streamed);
    }
  }

  /** One accepted connection: its socket, when the client closed it, and the body streamed. */
  private static final class Connection {
    final Socket socket;
    final CompletableFuture<Void> closedByClient = new CompletableFuture<>();
    final AtomicLong bodyBytesWritten = new AtomicLong();

    Connection(Socket socket) {
      this.socket = socket;
    }
  }

  /** The size of each piece of a streamed body. */
  static final int PIECE = 16 * 1024;

  private final ServerSocket server;
  private final Queue<Reply> replies = new ArrayDeque<>();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();
  private final List<byte[]> requestBodies = new CopyOnWriteArrayList<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final boolean silent;
  private volatile boolean closed;

  private RawPeer(boolean silent, List<Reply> script) {
    this.silent = silent;
    replies.addAll(script);
    try {
      // A backlog well above the 256 connections a case may open at once: with the JDK's default
      // of 50 the kernel drops the SYNs beyond it, and the client retries them only after 1, 3, 7
      // s.
      server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
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

  /**
   * Waits until it has read {@code count} requests in whole.
   *
   * @throws AssertionError if it has not within {@code bound}
   */
  void awaitRequests(int count, Duration bound) {
    long end = System.nanoTime() + bound.toNanos();
    synchronized (requestHeads) {
      while (requestHeads.size() < count) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "the peer read "
                  + requestHeads.size()
                  + " of "
                  + count
                  + " requests within "
                  + bound);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(requestHeads, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /**
   * Waits until the client closed (or reset) connection {@code index} (0 for the first accepted),
   * as the peer saw it reading or writing there.
   *
   * @throws AssertionError if the client has not within {@code bound}, or there is no such
   *     connection
   */
  void awaitClosedByClient(int index, Duration bound) {
    if (index >= connections.size()) {
      throw new AssertionError("the peer accepted " + connections.size() + " connections");
    }
    try {
      connections.get(index).closedByClient.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the client did not close connection " + index + " within " + bound);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * How many bytes of a {@linkplain Reply#streamed streamed} body it wrote on connection {@code
   * index}.
   */
  long bodyBytesWritten(int index) {
    return connections.get(index).bodyBytesWritten.get();
  }

  /**
   * Lets every {@linkplain Reply#gated() gated} reply be written, those waiting and those to come.
   */
  void release() {
    released.countDown();
  }

  @Override
  public void close() {
    closed = true;
    released.countDown();
    closeQuietly(server);
    for (Connection connection : connections) {
      closeQuietly(connection.socket);
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
      Connection accepted = new Connection(connection);
      connections.add(accepted);
      if (silent) {
        continue; // held open, never read, never written
      }
      Thread serving = new Thread(() -> serve(accepted), "raw-peer-connection");
      serving.setDaemon(true);
      serving.start();
    }
  }

  private void serve(Connection connection) {
    try (Socket socket = connection.socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          closedByClient(connection);
          return;
        }
        byte[] body = readBody(in, contentLength(head));
        // The body first: a test that saw the head counted may read the body at once.
        requestBodies.add(body);
        synchronized (requestHeads) {
          requestHeads.add(head);
          requestHeads.notifyAll();
        }
        Reply reply;
        synchronized (replies) {
          reply = replies.poll();
        }
        if (reply == null) {
          return;
        }
        if (reply.waitsForRelease()) {
          released.await();
        }
        out.write(reply.bytes());
        out.flush();
        Streamed streamed = reply.streamed();
        if (streamed != null) {
          stream(streamed, out, connection.bodyBytesWritten);
        }
        if (reply.after() == After.CLOSE) {
          return;
        }
        if (reply.after() == After.HOLD) {
          byte[] ignored = new byte[PIECE];
          while (in.read(ignored) >= 0) {
            // held: whatever the client sends is read and ignored
          }
          closedByClient(connection);
          return;
        }
      }
    } catch (IOException e) {
      // The client went away (closed or reset), or close() closed the socket.
      closedByClient(connection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records that the client ended the connection, unless the peer itself is closing. */
  private void closedByClient(Connection connection) {
    if (!closed) {
      connection.closedByClient.complete(null);
    }
  }

  private static void stream(Streamed streamed, OutputStream out, AtomicLong written)
      throws IOException {
    byte[] piece = new byte[PIECE];
    Arrays.fill(piece, (byte) 'x');
    byte[] chunkHead = (Integer.toHexString(PIECE) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    long left = streamed.length();
    while (left > 0) {
      int size = (int) Math.min(PIECE, left);
      if (streamed.chunked()) {
        out.write(
            size == PIECE
                ? chunkHead
                : (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write(piece, 0, size);
      if (streamed.chunked()) {
        out.write(crlf);
      }
      written.addAndGet(size);
      left -= size;
    }
    if (streamed.chunked()) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.flush();
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
    return new Reply(bytes, After.KEEP, false, null);
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
