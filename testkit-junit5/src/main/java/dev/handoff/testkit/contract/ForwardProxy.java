package dev.handoff.testkit.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.jspecify.annotations.Nullable;

/**
 * A real forward proxy on {@code 127.0.0.1}, on a port the system chooses: Jetty's {@code
 * ConnectHandler}, which tunnels {@code https} through each {@code CONNECT} it accepts, as a
 * corporate proxy does. It records each tunnel's target ({@code host:port}), for tests that a
 * request went through it, or around it. {@link NetworkContract} runs every transport through one;
 * an application's tests can run their own configuration ({@code HandoffConfig.Builder.proxy}, the
 * CLI's {@code --proxy}) through one too. Needs {@code org.eclipse.jetty:jetty-server} on the path.
 *
 * <p>Started {@linkplain #requiring with credentials}, it answers a {@code CONNECT} without them
 * (or with others) {@code 407 Proxy Authentication Required} with a {@code Basic} challenge, and
 * opens no tunnel. Thread-safe; {@link #close()} stops it and cuts its tunnels.
 */
public final class ForwardProxy implements AutoCloseable {
  private final List<String> tunnels = new CopyOnWriteArrayList<>();
  private final List<String> authorized = new CopyOnWriteArrayList<>();
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  private ForwardProxy(@Nullable String expectedAuthorization) {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new ConnectHandler() {
          @Override
          protected boolean handleAuthentication(
              Request request, Response response, String address) {
            if (expectedAuthorization == null) {
              return true;
            }
            if (expectedAuthorization.equals(request.getHeaders().get("Proxy-Authorization"))) {
              authorized.add(address);
              return true;
            }
            response.getHeaders().put("Proxy-Authenticate", "Basic realm=\"handoff-test\"");
            return false;
          }

          @Override
          protected void onConnectSuccess(ConnectContext context, UpstreamConnection upstream) {
            tunnels.add(context.getRequest().getHttpURI().getAuthority());
            super.onConnectSuccess(context, upstream);
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the forward proxy could not start on 127.0.0.1", e);
    }
  }

  /**
   * Starts a proxy that tunnels every {@code CONNECT}, asking for no credentials.
   *
   * @throws IllegalStateException if it cannot listen
   */
  public static ForwardProxy start() {
    return new ForwardProxy(null);
  }

  /**
   * Starts a proxy that tunnels only a {@code CONNECT} carrying {@code Proxy-Authorization: Basic}
   * of {@code user:password}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if it cannot listen
   */
  public static ForwardProxy requiring(String user, String password) {
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(password, "password == null");
    return new ForwardProxy(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The port it listens on, on {@code 127.0.0.1}. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The target ({@code host:port}) of each tunnel it opened, in order: a live view. */
  public List<String> tunnels() {
    return Collections.unmodifiableList(tunnels);
  }

  /**
   * The target of each {@code CONNECT} whose credentials it accepted (a proxy started {@linkplain
   * #requiring with credentials}), in order: a live view.
   */
  public List<String> authorizedTunnels() {
    return Collections.unmodifiableList(authorized);
  }

  /** Never the expected credentials: the port and the tunnels so far. */
  @Override
  public String toString() {
    return "ForwardProxy[127.0.0.1:" + port() + ", tunnels=" + tunnels + "]";
  }

  /**
   * Stops the proxy.
   *
   * @throws IllegalStateException if Jetty fails to stop
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the forward proxy did not stop", e);
    }
  }
}
