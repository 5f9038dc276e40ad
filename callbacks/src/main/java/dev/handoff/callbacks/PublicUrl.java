package dev.handoff.callbacks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Forms the URL Plivo requested, {@code scheme "://" authority path}, from the application's
 * configuration and the request: the one place that decides which part of the request is trusted.
 * Answers null when it cannot (a malformed target or forwarded header).
 */
final class PublicUrl {
  /** Where the scheme and authority come from. */
  enum Source {
    /** The configured public base URL; the request gives only its path. */
    CONFIGURED_BASE,
    /** {@code Forwarded} / {@code X-Forwarded-*}, else the request's own URL or {@code Host}. */
    FORWARDED_HEADERS,
    /** The request's own absolute URL, as the server saw it. */
    REQUEST_URL
  }

  private PublicUrl() {}

  /**
   * The base URL to sign, or null.
   *
   * @param base the configured public base URL (with {@link Source#CONFIGURED_BASE}), else null
   */
  static @Nullable String of(Source source, @Nullable URI base, CallbackRequest request) {
    URI target;
    try {
      target = new URI(request.target());
    } catch (URISyntaxException e) {
      return null;
    }
    String path = target.getRawPath();
    if (path == null || target.isOpaque()) {
      return null;
    }
    boolean absolute = target.isAbsolute();
    if (absolute && !isHttp(target.getScheme()) || absolute && target.getRawAuthority() == null) {
      return null;
    }
    if (!absolute && !path.startsWith("/")) {
      return null;
    }
    switch (source) {
      case CONFIGURED_BASE:
        if (base == null) {
          return null;
        }
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        if (prefix.endsWith("/")) {
          prefix = prefix.substring(0, prefix.length() - 1);
        }
        return base.getScheme() + "://" + base.getRawAuthority() + prefix + path;
      case REQUEST_URL:
        return absolute ? target.getScheme() + "://" + target.getRawAuthority() + path : null;
      default:
        return forwarded(request, absolute ? target : null, path);
    }
  }

  private static @Nullable String forwarded(
      CallbackRequest request, @Nullable URI target, String path) {
    String proto = null;
    String host = null;
    List<String> forwarded = request.header("forwarded");
    if (!forwarded.isEmpty()) {
      String first = firstElement(forwarded.get(0));
      proto = parameter(first, "proto");
      host = parameter(first, "host");
    }
    if (proto == null) {
      proto = firstValue(request.header("x-forwarded-proto"));
    }
    if (host == null) {
      host = firstValue(request.header("x-forwarded-host"));
      String port = firstValue(request.header("x-forwarded-port"));
      if (host != null && port != null && !hasPort(host)) {
        String scheme = proto != null ? proto : target != null ? target.getScheme() : null;
        if (!isDefaultPort(scheme, port)) {
          host = host + ":" + port;
        }
      }
    }
    if (proto == null && target != null) {
      proto = target.getScheme();
    }
    if (host == null) {
      host = target != null ? target.getRawAuthority() : firstValue(request.header("host"));
    }
    if (proto == null || host == null || !isHttp(proto)) {
      return null;
    }
    String scheme = proto.toLowerCase(Locale.ROOT);
    try {
      URI origin = new URI(scheme + "://" + host);
      if (origin.getHost() == null
          || origin.getRawUserInfo() != null
          || !origin.getRawPath().isEmpty()
          || origin.getRawQuery() != null
          || origin.getRawFragment() != null) {
        return null;
      }
    } catch (URISyntaxException e) {
      return null;
    }
    return scheme + "://" + host + path;
  }

  private static boolean isHttp(@Nullable String scheme) {
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
  }

  private static boolean hasPort(String host) {
    int bracket = host.lastIndexOf(']');
    return host.indexOf(':', bracket + 1) >= 0;
  }

  private static boolean isDefaultPort(@Nullable String scheme, String port) {
    return "https".equalsIgnoreCase(scheme) && port.equals("443")
        || "http".equalsIgnoreCase(scheme) && port.equals("80");
  }

  /** The first of a comma-separated list: the one the proxy nearest to Plivo added. */
  private static @Nullable String firstValue(List<String> lines) {
    if (lines.isEmpty()) {
      return null;
    }
    String first = lines.get(0);
    int comma = first.indexOf(',');
    String value = (comma < 0 ? first : first.substring(0, comma)).trim();
    return value.isEmpty() ? null : value;
  }

  /** RFC 7239: the first {@code forwarded-element}, up to a comma outside a quoted string. */
  private static String firstElement(String header) {
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == ',' && !quoted) {
        return header.substring(0, i);
      }
    }
    return header;
  }

  /** RFC 7239: the value of {@code name} in {@code pair *( ";" pair )}, unquoted; or null. */
  private static @Nullable String parameter(String element, String name) {
    for (String pair : element.split(";", -1)) {
      int equals = pair.indexOf('=');
      if (equals < 0 || !pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
        continue;
      }
      String value = pair.substring(equals + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
      }
      return value.isEmpty() ? null : value;
    }
    return null;
  }
}
