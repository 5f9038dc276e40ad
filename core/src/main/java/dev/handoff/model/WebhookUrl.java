package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL on your server that Plivo requests, with the HTTP method it uses: the new Plivo XML for a
 * call leg ({@code aleg_url}, {@code bleg_url}) or the callback of an asynchronous request ({@code
 * callback_url}). Immutable and thread-safe.
 *
 * @param uri an absolute {@code http} or {@code https} URL with a host and no user info, a port (if
 *     any) of 1-65535, at most 2,048 characters
 * @param method {@code GET} or {@code POST}
 */
public record WebhookUrl(URI uri, UrlMethod method) {
  private static final int MAX_LENGTH = 2048;

  /**
   * @throws NullPointerException naming a null field
   * @throws IllegalArgumentException if {@code uri} is not an absolute http(s) URL with a host, or
   *     has user info, a port outside 1-65535 or a control character; the message quotes it with
   *     any user info shown as {@code ****}
   */
  public WebhookUrl {
    Checks.notNull(uri, "url");
    Checks.notNull(method, "method");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String text = uri.toString();
    if (!uri.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || text.length() > MAX_LENGTH
        || Checks.hasControlCharacter(text)) {
      throw new IllegalArgumentException(
          "url must be an absolute http or https URL with a host, without user info, at most "
              + MAX_LENGTH
              + " characters; was "
              + Checks.quote(uri));
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      throw new IllegalArgumentException(
          "url must have a port of 1-65535, was " + Checks.quote(uri));
    }
  }

  /**
   * Parses {@code url} and pairs it with {@code method}.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL
   */
  public static WebhookUrl of(String url, UrlMethod method) {
    Checks.notNull(url, "url");
    try {
      return new WebhookUrl(new URI(url), method);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "url must be an absolute http or https URL with a host, was " + Checks.quoteUrl(url), e);
    }
  }

  /** Same as {@code of(url, UrlMethod.POST)}: Plivo's default method. */
  public static WebhookUrl of(String url) {
    return of(url, UrlMethod.POST);
  }
}
