package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.internal.Redactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP forward proxy that every transport sends through: plain {@code http} requests as absolute
 * URLs, {@code https} ones through a {@code CONNECT} tunnel (the TLS session is end to end, the
 * proxy sees only the host and port). Immutable and thread-safe; {@link #toString()} never shows
 * the password, and Handoff masks it (and its Base64 form in a {@code Proxy-Authorization} value)
 * in every message as it masks the Auth Token.
 *
 * <pre>{@code
 * HttpProxy proxy = HttpProxy.of("proxy.corp.example", 3128)
 *     .withCredentials("svc-transfers", System.getenv("PROXY_PASSWORD"))
 *     .bypassing("localhost", "*.corp.example");
 * HandoffConfig config = HandoffConfig.builder(credentials).proxy(proxy).build();
 * }</pre>
 *
 * @param host the proxy's host name or IP address (IPv6 without brackets), never resolved by
 *     Handoff
 * @param port the proxy's port, 1-65535
 * @param user the user name sent with HTTP {@code Basic} when the proxy answers {@code 407}, or
 *     null for a proxy that needs none
 * @param password the password, or null exactly when {@code user} is null
 * @param bypass the hosts reached directly, in lower case: exact names, or {@code *.suffix}, which
 *     matches every host ending with {@code .suffix} (not {@code suffix} itself)
 */
public record HttpProxy(
    String host, int port, @Nullable String user, @Nullable String password, List<String> bypass) {

  /**
   * Validates every field.
   *
   * @throws NullPointerException naming a null host, bypass list or bypass entry
   * @throws IllegalArgumentException naming the field and the rule it breaks: a host of 1-253
   *     characters without spaces, control characters, {@code /}, {@code @} or a scheme; a port of
   *     1-65535; a user of 1-256 characters without {@code :} or control characters, given together
   *     with a password (of at most 256 characters without control characters); bypass entries that
   *     are host names, or {@code *.} followed by one. The password is never quoted.
   */
  public HttpProxy {
    Checks.notNull(host, "proxy.host");
    if (host.isEmpty()
        || host.length() > 253
        || Checks.hasControlCharacter(host)
        || host.chars().anyMatch(c -> c == ' ' || c == '/' || c == '@' || c == '?' || c == '#')) {
      throw new IllegalArgumentException(
          "proxy.host must be a host name or IP address (no scheme, path or user info), was "
              + Checks.quote(host));
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy.port must be 1-65535, was " + port);
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(
          "proxy.user and proxy.password must be given together (withCredentials), or neither");
    }
    if (user != null) {
      if (user.isEmpty()
          || user.length() > 256
          || user.indexOf(':') >= 0
          || Checks.hasControlCharacter(user)) {
        throw new IllegalArgumentException(
            "proxy.user must be 1-256 characters without ':' or control characters, was "
                + Checks.quote(user));
      }
      String secret = Checks.notNull(password, "proxy.password");
      if (secret.length() > 256 || Checks.hasControlCharacter(secret)) {
        // Never quoted: it is a secret.
        throw new IllegalArgumentException(
            "proxy.password must be at most 256 characters without control characters");
      }
    }
    Checks.notNull(bypass, "proxy.bypass");
    List<String> patterns = new ArrayList<>(bypass.size());
    for (int i = 0; i < bypass.size(); i++) {
      String pattern = Checks.notNull(bypass.get(i), "proxy.bypass[" + i + "]");
      String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
      if (name.isEmpty()
          || name.length() > 253
          || Checks.hasControlCharacter(name)
          || name.chars().anyMatch(c -> c == ' ' || c == '/' || c == '@' || c == '*')) {
        throw new IllegalArgumentException(
            "proxy.bypass["
                + i
                + "] must be a host name, or *. followed by one, was "
                + Checks.quote(pattern));
      }
      String lower = pattern.toLowerCase(Locale.ROOT);
      if (lower.startsWith("[") && lower.endsWith("]")) {
        lower = lower.substring(1, lower.length() - 1); // an IPv6 address, as bypasses() sees it
      }
      patterns.add(lower);
    }
    bypass = List.copyOf(patterns);
  }

  /**
   * A proxy at {@code host:port} without credentials, bypassed by no host.
   *
   * @throws IllegalArgumentException as the constructor does
   */
  public static HttpProxy of(String host, int port) {
    return new HttpProxy(host, port, null, null, List.of());
  }

  /**
   * This proxy with the credentials sent (HTTP {@code Basic}, in {@code Proxy-Authorization}) when
   * it answers {@code 407 Proxy Authentication Required}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException as the constructor does, never quoting the password
   */
  public HttpProxy withCredentials(String user, String password) {
    Checks.notNull(user, "proxy.user");
    Checks.notNull(password, "proxy.password");
    return new HttpProxy(host, port, user, password, bypass);
  }

  /**
   * This proxy, reached around for the given hosts (added to those already bypassed): exact names
   * ({@code localhost}, {@code 127.0.0.1}), or {@code *.suffix}, matching any host that ends with
   * {@code .suffix}. Matching ignores case.
   *
   * @throws NullPointerException if a pattern is null
   * @throws IllegalArgumentException as the constructor does
   */
  public HttpProxy bypassing(String... hosts) {
    Checks.notNull(hosts, "hosts");
    List<String> all = new ArrayList<>(bypass);
    for (int i = 0; i < hosts.length; i++) {
      all.add(Checks.notNull(hosts[i], "hosts[" + i + "]"));
    }
    return new HttpProxy(host, port, user, password, all);
  }

  /** Whether this proxy has credentials. */
  public boolean hasCredentials() {
    return user != null;
  }

  /** Whether a request to {@code targetHost} goes directly rather than through this proxy. */
  public boolean bypasses(String targetHost) {
    String lower = targetHost.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      lower = lower.substring(1, lower.length() - 1);
    }
    for (String pattern : bypass) {
      if (pattern.startsWith("*.") ? lower.endsWith(pattern.substring(1)) : lower.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@link ProxySelector} choosing this proxy ({@link Proxy.Type#HTTP}, its address unresolved)
   * for every URI but those whose host {@link #bypasses}, which go directly ({@link
   * Proxy#NO_PROXY}). It holds no credentials. The OkHttp and JDK transports use it.
   */
  public ProxySelector proxySelector() {
    Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        Checks.notNull(uri, "uri");
        String target = uri.getHost();
        return target != null && bypasses(target) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to learn: there is one proxy, and Handoff's retry policy decides what follows.
      }

      @Override
      public String toString() {
        return "ProxySelector[" + HttpProxy.this + "]";
      }
    };
  }

  /**
   * Shows everything but the password: {@code HttpProxy[host=proxy.example, port=3128, user=svc,
   * password=****, bypass=[localhost]]}.
   */
  @Override
  public String toString() {
    return "HttpProxy[host="
        + host
        + ", port="
        + port
        + (user == null ? "" : ", user=" + user + ", password=" + Redactor.MASK)
        + ", bypass="
        + bypass
        + "]";
  }
}
