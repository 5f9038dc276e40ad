package dev.handoff.retrofit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * OkHttp's own TLS socket factory (the platform's, with its trust manager), each socket it makes
 * wrapped in a {@link GuardedSslSocket}: its handshake is bounded by the connect timeout, and its
 * streams go through a {@link ConnectionGuard}. The TCP socket beneath, a {@link GuardedSocket}, is
 * made transparent, since its bytes are TLS records.
 */
final class GuardedSslSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory delegate;
  private final int handshakeTimeoutMillis;

  /**
   * @param delegate the factory OkHttp would use (its platform default)
   * @param handshakeTimeoutMillis how long a handshake may take in all, in milliseconds; positive
   */
  GuardedSslSocketFactory(SSLSocketFactory delegate, int handshakeTimeoutMillis) {
    this.delegate = delegate;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  /** The factory this one wraps. */
  SSLSocketFactory delegate() {
    return delegate;
  }

  /** The socket OkHttp layers over its TCP socket {@code socket}: the one it uses. */
  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    if (socket instanceof GuardedSocket guarded) {
      guarded.carryTls(); // before TLS takes the socket's streams
    }
    return wrap(delegate.createSocket(socket, host, port, autoClose), socket);
  }

  @Override
  public Socket createSocket() throws IOException {
    return wrap(delegate.createSocket(), null);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return wrap(delegate.createSocket(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return wrap(delegate.createSocket(host, port, localHost, localPort), null);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return wrap(delegate.createSocket(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return wrap(delegate.createSocket(address, port, localAddress, localPort), null);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  private Socket wrap(Socket socket, @Nullable Socket raw) {
    return new GuardedSslSocket((SSLSocket) socket, raw, handshakeTimeoutMillis);
  }
}
