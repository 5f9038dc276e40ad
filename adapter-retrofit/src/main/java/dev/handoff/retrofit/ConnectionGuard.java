package dev.handoff.retrofit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Keeps OkHttp from reusing a connection that holds bytes nobody asked for (an extra response after
 * each real one, say), so that no operation ever gets an answer that was not the response to its
 * own request.
 *
 * <p>OkHttp cannot tell by itself: it returns an HTTP/1.1 connection to its pool as soon as an
 * answer's declared length has been read, and reads 8 KiB at a time into a buffer of its own, so
 * bytes after the answer sit unseen in that buffer; before reusing a connection it only checks that
 * the socket is open (it probes for end of stream after 10 s idle, and even then bytes count as
 * healthy). The next request on the connection then reads those bytes as its answer. (OkHttp's
 * issue "Pooled HTTP/1 connection reused with a response left on the socket" describes it.)
 *
 * <p>So the guard sits below OkHttp, between the socket's streams and OkHttp's buffer, and never
 * hands OkHttp more than the answer it is reading: an answer head up to its blank line, then, once
 * {@link #expectBody} has said how long its body is, exactly that many bytes (a chunked body, which
 * ends with a blank line too, is handed over up to each blank line; a body that ends with the
 * connection, all of it). What the peer sent beyond the answer stays here, where it can be seen.
 * Then:
 *
 * <ul>
 *   <li>when OkHttp asks whether a pooled connection is healthy (it calls {@link
 *       Socket#isInputShutdown()}), a connection whose answer is complete and that holds any byte
 *       more answers that its input is shut, and OkHttp discards it;
 *   <li>should bytes arrive in between, the first write of the next request on the connection finds
 *       them and fails with {@link StrayBytesException} before a byte of it is written (so the
 *       attempt is {@code NOT_SENT} and may be retried), closing the connection.
 * </ul>
 *
 * <p>A guard is transparent on a socket that carries TLS (the bytes below TLS are records, not
 * HTTP): there the guard of the TLS socket above it does the work. Thread-safety: OkHttp uses a
 * connection from one thread at a time; the state is volatile for the pool's health check, which
 * runs on the thread acquiring the connection.
 */
final class ConnectionGuard {
  private static final int BUFFER_SIZE = 8192;

  /** The socket's own input; its {@code available()} counts what the kernel holds. */
  private final InputStream in;

  /** For a TLS socket, the input of the TCP socket beneath it, holding records not yet read. */
  private final @Nullable InputStream rawIn;

  private final Socket socket;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int position;
  private int limit;

  /** Bytes of a fixed-length body still to hand over; 0 when reading a head. */
  private long bodyLeft;

  /** The body ends with the connection: everything may be handed over. */
  private boolean untilEnd;

  /**
   * Where a blank line may be: 0 inside a line, 1 right after a line feed, 2 after a line feed and
   * a carriage return.
   */
  private int lineState;

  /** The last answer was read in full and no request has been written since. */
  private volatile boolean answered;

  /** A byte arrived after the last answer was read in full, and was handed to OkHttp. */
  private volatile boolean strayRead;

  private volatile boolean transparent;

  /** A request was refused on this connection: nothing more is read from it. */
  private volatile boolean refused;

  private boolean lastWasRead;

  ConnectionGuard(Socket socket, InputStream in, @Nullable InputStream rawIn) {
    this.socket = socket;
    this.in = in;
    this.rawIn = rawIn;
  }

  /** The guard of an OkHttp connection's socket, or null for a socket that has none. */
  static @Nullable ConnectionGuard of(Socket socket) {
    if (socket instanceof GuardedSslSocket guarded) {
      return guarded.existingGuard();
    }
    if (socket instanceof GuardedSocket guarded) {
      return guarded.existingGuard();
    }
    return null;
  }

  /** Hands everything over, checking nothing: the socket carries TLS. */
  void transparent() {
    transparent = true;
  }

  /**
   * Says how the body of {@code response}, whose head was just read, ends, exactly as OkHttp's
   * HTTP/1.1 codec will read it: chunked, by its {@code Content-Length}, empty (a {@code 1xx},
   * {@code 204} or {@code 304} without either), or with the connection.
   */
  void expectBody(Response response) {
    if ("chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))) {
      return; // chunked: handed over up to each blank line, as a head is
    }
    String contentLength = response.header("Content-Length");
    int code = response.code();
    if (contentLength != null) {
      // Only one plain decimal value reaches here (AnswerChecks): OkHttp reads exactly that many.
      long length = Long.parseLong(contentLength.strip());
      synchronized (this) {
        bodyLeft = length;
        answered = length == 0;
      }
    } else if ((code >= 100 && code < 200) || code == 204 || code == 304) {
      answered = true;
    } else {
      untilEnd = true;
    }
  }

  /**
   * Whether the connection's answer was read in full and it holds, or has handed OkHttp, a byte
   * more: then it must not carry another request.
   */
  boolean holdsStrayBytes() {
    return !transparent && answered && (strayRead || pending() > 0);
  }

  /** Bytes received and not yet handed to OkHttp: here, in the kernel, or in TLS records. */
  private int pending() {
    int pending;
    synchronized (this) {
      pending = limit - position;
    }
    try {
      pending += in.available();
      if (rawIn != null) {
        pending += rawIn.available();
      }
    } catch (IOException e) {
      return 1; // a socket that cannot say is not one to reuse
    }
    return pending;
  }

  /** The input OkHttp reads. */
  InputStream input() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        return ConnectionGuard.this.read(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /** The output OkHttp writes requests to. */
  OutputStream output(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        beforeWrite();
        out.write(bytes, offset, length);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  private int read(byte[] bytes, int offset, int length) throws IOException {
    if (refused) {
      throw new StrayBytesException(0);
    }
    if (length == 0) {
      return 0;
    }
    lastWasRead = true;
    if (transparent) {
      synchronized (this) {
        if (position < limit) {
          int n = Math.min(length, limit - position);
          System.arraycopy(buffer, position, bytes, offset, n);
          position += n;
          return n;
        }
      }
      return in.read(bytes, offset, length);
    }
    synchronized (this) {
      if (position == limit) {
        position = 0;
        limit = 0;
      }
    }
    if (!hasBuffered()) {
      int read = in.read(buffer, 0, buffer.length); // blocking: outside the lock
      if (read < 0) {
        return -1;
      }
      synchronized (this) {
        position = 0;
        limit = read;
      }
    }
    synchronized (this) {
      int n = deliverable(Math.min(length, limit - position));
      System.arraycopy(buffer, position, bytes, offset, n);
      consumed(n);
      return n;
    }
  }

  private synchronized boolean hasBuffered() {
    return position < limit;
  }

  /**
   * How many of the next {@code available} buffered bytes may go to OkHttp now: within a
   * fixed-length body, no more than it has left; in a head (or a chunked body), up to and with the
   * first blank line.
   */
  private int deliverable(int available) {
    if (untilEnd) {
      return available;
    }
    if (bodyLeft > 0) {
      return (int) Math.min(available, bodyLeft);
    }
    int state = lineState;
    for (int i = 0; i < available; i++) {
      byte b = buffer[position + i];
      if (b == '\n') {
        if (state != 0) {
          return i + 1;
        }
        state = 1;
      } else if (b == '\r') {
        state = state == 1 ? 2 : 0;
      } else {
        state = 0;
      }
    }
    return available;
  }

  /** Books {@code n} bytes handed over from the buffer's position. */
  private void consumed(int n) {
    if (answered) {
      strayRead = true; // OkHttp probing a pooled connection got bytes: they answer nothing
    }
    if (bodyLeft > 0) {
      bodyLeft -= n;
      answered = bodyLeft == 0;
    } else if (!untilEnd) {
      for (int i = position; i < position + n; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          lineState = lineState != 0 ? 0 : 1;
        } else if (b == '\r') {
          lineState = lineState == 1 ? 2 : 0;
        } else {
          lineState = 0;
        }
      }
    }
    position += n;
  }

  /** A new request starts after an answer: the connection must hold nothing more. */
  private void beforeWrite() throws IOException {
    if (transparent || !lastWasRead) {
      return;
    }
    lastWasRead = false;
    int pending = pending();
    if (strayRead || pending > 0) {
      // OkHttp reads an answer even when writing the request failed (a server may answer early):
      // nothing here may be read as one.
      refused = true;
      closeQuietly();
      throw new StrayBytesException(strayRead ? 1 : pending);
    }
    synchronized (this) {
      answered = false;
      bodyLeft = 0;
      untilEnd = false;
      lineState = 0;
    }
  }

  private void closeQuietly() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing: nothing to do.
    }
  }

  /**
   * The connection held bytes nobody asked for when a request was about to be written on it; it was
   * closed and nothing of the request was written.
   */
  static final class StrayBytesException extends IOException {
    private static final long serialVersionUID = 1L;

    StrayBytesException(int bytes) {
      super(
          "the connection held "
              + (bytes == 0 ? "bytes" : bytes == 1 ? "a byte" : bytes + " bytes")
              + " nobody asked for; it was closed before the request was written");
    }
  }
}
