package dev.handoff.retrofit;

import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps what would make OkHttp act on an answer by itself out of its sight, and gives it back
 * afterwards: a network interceptor ({@link #hide()}) that sees each answer before OkHttp's
 * follow-up logic does, and an application interceptor ({@link #reveal()}) that sees it after.
 *
 * <ul>
 *   <li>{@code Retry-After}: OkHttp repeats a request at once when a 503 carries {@code
 *       Retry-After: 0}, whatever {@code retryOnConnectionFailure} says; for a call transfer that
 *       is a second transfer. Handoff's {@code RetryPolicy} decides instead.
 *   <li>A {@code 407}: OkHttp throws a {@code ProtocolException} for one received without a proxy
 *       (and asks its proxy authenticator with one). Handoff's rule is that a 407 is an answer like
 *       any other status, so it passes OkHttp as a {@code 400} and reaches Retrofit as the {@code
 *       407} it is.
 * </ul>
 *
 * Headers of the hiding names that the peer sent itself are dropped, so a peer cannot forge them.
 */
final class HiddenFromOkHttp {
  static final String RETRY_AFTER = "Retry-After";
  static final String HIDDEN_RETRY_AFTER = "X-Handoff-Retry-After";
  static final String HIDDEN_STATUS = "X-Handoff-Status";

  private static final int PROXY_AUTHENTICATION_REQUIRED = 407;

  /** A status OkHttp's follow-up logic does nothing with. */
  private static final int DISGUISE = 400;

  private HiddenFromOkHttp() {}

  /** The network interceptor: hides every {@code Retry-After} and a {@code 407} status. */
  static Interceptor hide() {
    return new Hide();
  }

  /** The application interceptor: puts back what {@link #hide()} hid. */
  static Interceptor reveal() {
    return new Reveal();
  }

  /** See {@link #hide()}. A class, not a lambda: the module's test tells interceptors apart. */
  static final class Hide implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      List<String> retryAfter = response.headers(RETRY_AFTER);
      boolean proxyAuthentication = response.code() == PROXY_AUTHENTICATION_REQUIRED;
      if (retryAfter.isEmpty()
          && !proxyAuthentication
          && response.header(HIDDEN_RETRY_AFTER) == null
          && response.header(HIDDEN_STATUS) == null) {
        return response;
      }
      Response.Builder hidden =
          response
              .newBuilder()
              .removeHeader(HIDDEN_RETRY_AFTER)
              .removeHeader(HIDDEN_STATUS)
              .removeHeader(RETRY_AFTER);
      for (String value : retryAfter) {
        hidden.addHeader(HIDDEN_RETRY_AFTER, value);
      }
      if (proxyAuthentication) {
        hidden.code(DISGUISE).header(HIDDEN_STATUS, String.valueOf(PROXY_AUTHENTICATION_REQUIRED));
      }
      return hidden.build();
    }
  }

  /** See {@link #reveal()}. */
  static final class Reveal implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      List<String> retryAfter = response.headers(HIDDEN_RETRY_AFTER);
      String status = response.header(HIDDEN_STATUS);
      if (retryAfter.isEmpty() && status == null) {
        return response;
      }
      Response.Builder revealed =
          response.newBuilder().removeHeader(HIDDEN_RETRY_AFTER).removeHeader(HIDDEN_STATUS);
      for (String value : retryAfter) {
        revealed.addHeader(RETRY_AFTER, value);
      }
      if (status != null) {
        revealed.code(PROXY_AUTHENTICATION_REQUIRED);
      }
      return revealed.build();
    }
  }
}
