package dev.handoff.retrofit;

import dev.handoff.model.Credentials;
import dev.handoff.spi.Wire;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Adds the headers every request to Plivo carries: {@code Authorization} ({@code Wire.basicAuth})
 * and {@code User-Agent} ({@code Wire.userAgent("retrofit")}). Holds the Authorization value but
 * never shows it: {@link #toString()} is the class name only.
 */
final class PlivoHeaders implements Interceptor {
  static final String TRANSPORT = "retrofit";

  private final String authorization;
  private final String userAgent;

  PlivoHeaders(Credentials credentials) {
    this.authorization = Wire.basicAuth(credentials);
    this.userAgent = Wire.userAgent(TRANSPORT);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain
            .request()
            .newBuilder()
            .header("Authorization", authorization)
            .header("User-Agent", userAgent)
            .build());
  }

  @Override
  public String toString() {
    return "PlivoHeaders";
  }
}
