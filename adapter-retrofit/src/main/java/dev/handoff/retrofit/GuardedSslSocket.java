package dev.handoff.retrofit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import okio.AsyncTimeout;
import org.jspecify.annotations.Nullable;

/**
 * The platform's TLS socket, with two things added for OkHttp, which uses it as its connection's
 * socket: {@link #startHandshake()} is bounded by the connect timeout, and the application data
 * goes through a {@link ConnectionGuard}. Everything else is the delegate's.
 *
 * <p>Why the handshake needs a bound: OkHttp's connect timeout covers the TCP connect only, and the
 * handshake then reads with the read timeout, which Handoff turns off (its deadline covers the
 * whole operation). A server that accepts TCP and never answers the ClientHello would hold the
 * attempt until the operation's deadline, which then reports {@code UNKNOWN} though no byte of the
 * request left. Bounded, the handshake fails with a {@link SocketTimeoutException} before OkHttp's
 * {@code requestHeadersStart}, so the attempt is {@code NOT_SENT} ({@link RequestProgress}) and
 * retried.
 */
final class GuardedSslSocket extends SSLSocket {
  private final SSLSocket delegate;
  private final java.net.@Nullable Socket raw;
  private final int handshakeTimeoutMillis;
  private @Nullable ConnectionGuard guard;

  /**
   * @param delegate the platform's TLS socket
   * @param raw the TCP socket beneath it, which a late handshake's watchdog closes; null when the
   *     delegate made its own
   * @param handshakeTimeoutMillis how long the handshake may take in all
   */
  GuardedSslSocket(SSLSocket delegate, java.net.@Nullable Socket raw, int handshakeTimeoutMillis) {
    this.delegate = delegate;
    this.raw = raw;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  /**
   * Runs the delegate's handshake under okio's watchdog: past {@code handshakeTimeoutMillis} it
   * closes the TCP socket, which ends the blocked read at once (closing the TLS socket from another
   * thread could wait on the handshake's locks).
   */
  @Override
  public void startHandshake() throws IOException {
    java.net.Socket target = raw != null ? raw : delegate;
    AsyncTimeout watchdog =
        new AsyncTimeout() {
          @Override
          protected void timedOut() {
            try {
              target.close();
            } catch (IOException e) {
              // Closing: nothing to do.
            }
          }
        };
    watchdog.timeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
    watchdog.enter();
    try {
      delegate.startHandshake();
    } catch (IOException e) {
      if (watchdog.exit()) {
        throw timedOut(e);
      }
      throw e;
    }
    if (watchdog.exit()) {
      throw timedOut(null); // done, but the watchdog closed the socket meanwhile
    }
  }

  private SocketTimeoutException timedOut(@Nullable IOException cause) {
    SocketTimeoutException timeout =
        new SocketTimeoutException(
            "TLS handshake not done within the connect timeout ("
                + handshakeTimeoutMillis
                + " ms)");
    if (cause != null) {
      timeout.initCause(cause);
    }
    return timeout;
  }

  /** The guard of the streams, once they exist; else null. */
  synchronized @Nullable ConnectionGuard existingGuard() {
    return guard;
  }

  private synchronized ConnectionGuard guard() throws IOException {
    ConnectionGuard existing = guard;
    if (existing == null) {
      InputStream records = raw instanceof GuardedSocket guarded ? guarded.rawInput() : null;
      existing = new ConnectionGuard(this, delegate.getInputStream(), records);
      guard = existing;
    }
    return existing;
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return guard().input();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return guard().output(delegate.getOutputStream());
  }

  /** Also true when the connection holds bytes nobody asked for (see {@link ConnectionGuard}). */
  @Override
  public boolean isInputShutdown() {
    ConnectionGuard current = existingGuard();
    return delegate.isInputShutdown() || (current != null && current.holdsStrayBytes());
  }

  // ---- the rest is the delegate's ----

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return delegate.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    delegate.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return delegate.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return delegate.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    delegate.setEnabledProtocols(protocols);
  }

  @Override
  public SSLSession getSession() {
    return delegate.getSession();
  }

  @Override
  public SSLSession getHandshakeSession() {
    return delegate.getHandshakeSession();
  }

  @Override
  public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
    delegate.addHandshakeCompletedListener(listener);
  }

  @Override
  public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
    delegate.removeHandshakeCompletedListener(listener);
  }

  @Override
  public void setUseClientMode(boolean mode) {
    delegate.setUseClientMode(mode);
  }

  @Override
  public boolean getUseClientMode() {
    return delegate.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    delegate.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return delegate.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    delegate.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return delegate.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    delegate.setEnableSessionCreation(flag);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return delegate.getEnableSessionCreation();
  }

  @Override
  public SSLParameters getSSLParameters() {
    return delegate.getSSLParameters();
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    delegate.setSSLParameters(params);
  }

  @Override
  public String getApplicationProtocol() {
    return delegate.getApplicationProtocol();
  }

  @Override
  public String getHandshakeApplicationProtocol() {
    return delegate.getHandshakeApplicationProtocol();
  }

  @Override
  public void setHandshakeApplicationProtocolSelector(
      BiFunction<SSLSocket, List<String>, String> selector) {
    delegate.setHandshakeApplicationProtocolSelector(selector);
  }

  @Override
  public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
    return delegate.getHandshakeApplicationProtocolSelector();
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    delegate.connect(endpoint);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    delegate.connect(endpoint, timeout);
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    delegate.bind(bindpoint);
  }

  @Override
  public InetAddress getInetAddress() {
    return delegate.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return delegate.getLocalAddress();
  }

  @Override
  public int getPort() {
    return delegate.getPort();
  }

  @Override
  public int getLocalPort() {
    return delegate.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return delegate.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return delegate.getLocalSocketAddress();
  }

  @Override
  public SocketChannel getChannel() {
    return delegate.getChannel();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    delegate.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return delegate.getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    delegate.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return delegate.getSoLinger();
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    delegate.sendUrgentData(data);
  }

  @Override
  public void setOOBInline(boolean on) throws SocketException {
    delegate.setOOBInline(on);
  }

  @Override
  public boolean getOOBInline() throws SocketException {
    return delegate.getOOBInline();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    delegate.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() throws SocketException {
    return delegate.getSoTimeout();
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    delegate.setSendBufferSize(size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return delegate.getSendBufferSize();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    delegate.setReceiveBufferSize(size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return delegate.getReceiveBufferSize();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    delegate.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return delegate.getKeepAlive();
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    delegate.setTrafficClass(tc);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return delegate.getTrafficClass();
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    delegate.setReuseAddress(on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return delegate.getReuseAddress();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public void shutdownInput() throws IOException {
    delegate.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    delegate.shutdownOutput();
  }

  @Override
  public boolean isConnected() {
    return delegate.isConnected();
  }

  @Override
  public boolean isBound() {
    return delegate.isBound();
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public boolean isOutputShutdown() {
    return delegate.isOutputShutdown();
  }

  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    delegate.setPerformancePreferences(connectionTime, latency, bandwidth);
  }

  @Override
  public <T> java.net.Socket setOption(SocketOption<T> name, T value) throws IOException {
    delegate.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return delegate.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return delegate.supportedOptions();
  }

  @Override
  public String toString() {
    return "GuardedSslSocket[" + delegate + "]";
  }
}
