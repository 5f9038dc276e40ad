package dev.handoff.retrofit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A TCP socket whose streams go through a {@link ConnectionGuard}, made by {@link #factory()} for
 * OkHttp. OkHttp reads and writes plain HTTP through {@link #getInputStream()} and {@link
 * #getOutputStream()}, and asks {@link #isInputShutdown()} before reusing the connection: a
 * connection holding bytes nobody asked for answers true there, and OkHttp discards it. Under TLS
 * ({@link GuardedSslSocketFactory}) the guard is transparent and the TLS socket's own guard works
 * instead.
 */
final class GuardedSocket extends Socket {
  private @Nullable ConnectionGuard guard;

  /** The guard of this socket's streams, created with the streams on first use. */
  synchronized ConnectionGuard guard() throws IOException {
    ConnectionGuard existing = guard;
    if (existing == null) {
      existing = new ConnectionGuard(this, super.getInputStream(), null);
      guard = existing;
    }
    return existing;
  }

  /** The socket's own input, past the guard: what TLS reads, and what holds its next records. */
  InputStream rawInput() throws IOException {
    return super.getInputStream();
  }

  /** This socket will carry TLS: its bytes are records, handed over as they are. */
  void carryTls() throws IOException {
    guard().transparent();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return guard().input();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return guard().output(super.getOutputStream());
  }

  /** The guard, once the streams exist; else null. */
  synchronized @Nullable ConnectionGuard existingGuard() {
    return guard;
  }

  @Override
  public boolean isInputShutdown() {
    ConnectionGuard current = existingGuard();
    return super.isInputShutdown() || (current != null && current.holdsStrayBytes());
  }

  /** The {@link SocketFactory} OkHttp makes its connections' TCP sockets with. */
  static SocketFactory factory() {
    return new SocketFactory() {
      @Override
      public Socket createSocket() {
        return new GuardedSocket();
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
          throws IOException {
        return connected(new InetSocketAddress(host, port), localHost, localPort);
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
      }

      @Override
      public Socket createSocket(
          InetAddress address, int port, InetAddress localAddress, int localPort)
          throws IOException {
        return connected(new InetSocketAddress(address, port), localAddress, localPort);
      }

      private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = new GuardedSocket();
        socket.connect(address);
        return socket;
      }

      private Socket connected(InetSocketAddress address, InetAddress localAddress, int localPort)
          throws IOException {
        Socket socket = new GuardedSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(address);
        return socket;
      }
    };
  }
}
