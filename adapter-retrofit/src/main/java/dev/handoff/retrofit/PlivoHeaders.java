package dev.handoff.retrofit;

import dev.handoff.model.Credentials;
import dev.handoff.spi.Wire;

/**
 * The headers every request to Plivo carries, computed once: {@code Authorization} ({@code
 * Wire.basicAuth}) and {@code User-Agent} ({@code Wire.userAgent("retrofit")}). They reach the
 * request as Retrofit {@code @Header} parameters, which Retrofit adds while it builds the request;
 * an OkHttp interceptor adding them would copy every request and its headers once more (~0.5 KB per
 * request). Holds the Authorization value but never shows it: {@link #toString()} is the class name
 * only.
 */
final class PlivoHeaders {
  static final String TRANSPORT = "retrofit";

  /** The {@code Authorization} header's value. */
  final String authorization;

  /** The {@code User-Agent} header's value. */
  final String userAgent;

  PlivoHeaders(Credentials credentials) {
    this.authorization = Wire.basicAuth(credentials);
    this.userAgent = Wire.userAgent(TRANSPORT);
  }

  @Override
  public String toString() {
    return "PlivoHeaders";
  }
}
