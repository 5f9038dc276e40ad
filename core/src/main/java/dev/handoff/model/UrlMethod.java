package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.Locale;

/** The HTTP method Plivo uses to request one of your URLs; Plivo's default is {@link #POST}. */
public enum UrlMethod {
  /** {@code "GET"}. */
  GET,
  /** {@code "POST"}, Plivo's default. */
  POST;

  /**
   * Parses {@code GET} or {@code POST}, ignoring case.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException naming the field {@code method} for any other value
   */
  public static UrlMethod parse(String value) {
    String upper = Checks.notNull(value, "method").toUpperCase(Locale.ROOT);
    if (upper.equals("GET")) {
      return GET;
    }
    if (upper.equals("POST")) {
      return POST;
    }
    throw new IllegalArgumentException("method must be GET or POST, was " + Checks.quote(value));
  }
}
