package dev.handoff.retrofit;

import dev.handoff.spi.Wire;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a response body within {@link Wire#MAX_RESPONSE_BYTES}, whoever reads it: Retrofit buffers
 * the whole body of a non-2xx answer before handing it over, so the limit must sit below Retrofit.
 * A {@code Content-Length} over the limit fails at once, without reading the body; one within it is
 * passed on as is, since OkHttp reads no more than it; a body without one (chunked, or ending with
 * the connection) fails with {@link ResponseTooLargeException} as soon as reading passes the limit.
 * OkHttp decodes no body ({@code Wire}'s requests say {@code Accept-Encoding: identity}), so a
 * compressed bomb is never inflated.
 *
 * <p>Either way the call is cancelled before its body is closed, which closes the connection:
 * closed unread, OkHttp's body would instead read the rest (for up to 100 ms, its {@code
 * DISCARD_STREAM_TIMEOUT_MILLIS}) to keep the connection for reuse, so that a fast peer's 32 MiB
 * were read to the end ({@code HostilePeerContract}'s over-size cases).
 */
final class ResponseSizeLimit implements Interceptor {
  private final long limit;

  ResponseSizeLimit() {
    this(Wire.MAX_RESPONSE_BYTES);
  }

  ResponseSizeLimit(long limit) {
    this.limit = limit;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    long length = body.contentLength();
    if (length > limit) {
      chain.call().cancel(); // closes the connection, so that closing the body reads none of it
      response.close();
      throw new ResponseTooLargeException(response.code());
    }
    if (length >= 0) {
      // A declared length within the limit needs no counting: OkHttp's fixed-length source ends
      // at Content-Length and fails on a longer body ("unexpected end of stream" or a protocol
      // error), so no more than the limit can be read. Not wrapping saves a Response, its Headers
      // and two Okio sources per response.
      return response;
    }
    return response
        .newBuilder()
        .body(new LimitedBody(body, chain.call(), response.code(), limit))
        .build();
  }

  /** The response body was larger than {@link Wire#MAX_RESPONSE_BYTES}; it was not read in full. */
  static final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ResponseTooLargeException(int status) {
      super("response body (HTTP " + status + ") exceeds " + Wire.MAX_RESPONSE_BYTES + " bytes");
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private static final class LimitedBody extends ResponseBody {
    private final ResponseBody delegate;
    private final BufferedSource source;

    LimitedBody(ResponseBody delegate, Call call, int status, long limit) {
      this.delegate = delegate;
      this.source =
          Okio.buffer(
              new ForwardingSource(delegate.source()) {
                private long total;

                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                  long read = super.read(sink, byteCount);
                  if (read > 0) {
                    total += read;
                    if (total > limit) {
                      call.cancel(); // as for a Content-Length over the limit: no more is read
                      throw new ResponseTooLargeException(status);
                    }
                  }
                  return read;
                }
              });
    }

    @Override
    public @Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public BufferedSource source() {
      return source;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
