package dev.handoff.retrofit;

import dev.handoff.spi.Wire;
import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The network interceptor that holds each exchange to {@link Wire}'s rules where OkHttp decides
 * otherwise, right where the request leaves and the answer's head arrives:
 *
 * <ul>
 *   <li>the request goes out with exactly {@code Wire}'s head: OkHttp's bridge adds {@code
 *       Connection: Keep-Alive} to every request (HTTP/1.1 keeps connections by default), which is
 *       taken out again here;
 *   <li>a {@code 101 Switching Protocols} (Handoff asks for no upgrade; OkHttp would read it as the
 *       final answer and leave what follows on the connection for the next request) and an answer
 *       whose {@code Content-Length} is ambiguous ({@link Wire#hasUsableContentLength}; OkHttp
 *       would trust the last value) fail the attempt, and their connection is closed;
 *   <li>the connection's {@link ConnectionGuard} learns how the answer's body ends.
 * </ul>
 *
 * Interim answers ({@code 100}, {@code 102} to {@code 199}) never get here: OkHttp skips them, any
 * number of them, before the final answer.
 */
final class AnswerChecks implements Interceptor {
  private static final int SWITCHING_PROTOCOLS = 101;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header("Connection") != null) {
      request = request.newBuilder().removeHeader("Connection").build();
    }
    Response response = chain.proceed(request);
    Connection connection = chain.connection();
    if (response.code() == SWITCHING_PROTOCOLS) {
      discard(response, connection);
      throw new ProtocolException(
          "HTTP 101 Switching Protocols answers a request that asked for no upgrade");
    }
    if (!Wire.hasUsableContentLength(response.headers("Content-Length"))) {
      discard(response, connection);
      throw new ProtocolException(
          "the answer's Content-Length is given "
              + response.headers("Content-Length").size()
              + " times or is not plain digits: its end is ambiguous");
    }
    ConnectionGuard guard = connection == null ? null : ConnectionGuard.of(connection.socket());
    if (guard != null) {
      guard.expectBody(response);
    }
    return response;
  }

  /**
   * Closes the connection (first, so that closing the body cannot read on and return it to the
   * pool) and the answer.
   */
  private static void discard(Response response, @Nullable Connection connection) {
    if (connection != null) {
      try {
        connection.socket().close();
      } catch (IOException e) {
        // Closing: nothing to do.
      }
    }
    response.close();
  }
}
