package dev.handoff.retrofit;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Keeps OkHttp from re-sending a request on its own after a 503. OkHttp's follow-up logic repeats a
 * request at once when a 503 carries {@code Retry-After: 0}, whatever {@code
 * retryOnConnectionFailure} says; for a call transfer that is a second transfer. This network
 * interceptor, which sees the response before that logic does, moves the header out of OkHttp's
 * sight; {@link #retryAfter(Response)} gives it back to Handoff, whose {@code RetryPolicy} decides.
 */
final class HiddenRetryAfter implements Interceptor {
  static final String RETRY_AFTER = "Retry-After";
  static final String HIDDEN = "X-Handoff-Retry-After";

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String retryAfter = response.header(RETRY_AFTER);
    if (retryAfter == null) {
      return response;
    }
    return response.newBuilder().removeHeader(RETRY_AFTER).header(HIDDEN, retryAfter).build();
  }

  /** The response's {@code Retry-After} as the server sent it, or null. */
  static @Nullable String retryAfter(Response response) {
    String hidden = response.header(HIDDEN);
    return hidden != null ? hidden : response.header(RETRY_AFTER);
  }
}
