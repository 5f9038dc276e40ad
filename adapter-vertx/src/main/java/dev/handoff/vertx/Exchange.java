package dev.handoff.vertx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.handoff.model.Delivery;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of the request a {@link Wire} describes: its future, the Vert.x request once it
 * exists (to abort it), and the response's body, read into a buffer that never holds more than
 * {@link Wire#MAX_RESPONSE_BYTES}. Its failures are the ones the {@link Wire} makes.
 *
 * <p>Thread-safety: Vert.x calls {@link #send}, {@link #sending}, {@link #receiving} and {@link
 * #completed} on the exchange's event loop; the future may be cancelled from any thread.
 */
final class Exchange {
  /**
   * The handler of the failures Vert.x would otherwise log as {@code SEVERE}: a request's, a
   * response's, a connection's. Each also fails the future the exchange waits on (the response's
   * head, or its body), which reports it; the transport never logs.
   */
  static final Handler<Throwable> IGNORE = ignored -> {};

  private final Wire wire;

  /**
   * The event-loop context the attempt was sent from, where its future must complete; null off
   * Vert.x's event loops. Vert.x completes an exchange on the context that made it, but only when
   * that context is its own Vertx's: a caller on another {@code Vertx} would be answered on this
   * one's event loop.
   */
  private final @Nullable Context caller;

  /**
   * The attempt's future; cancelling it aborts the exchange. {@code Handoff} cancels with {@link
   * CompletableFuture#cancel}, so overriding it replaces a {@code whenComplete} stage (a dependent
   * future and its completion object per request) that waited for a cancellation.
   */
  private final CompletableFuture<PlivoResponse> future =
      new CompletableFuture<>() {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
          boolean wasDone = isDone();
          boolean cancelled = super.cancel(mayInterruptIfRunning);
          if (cancelled && !wasDone) {
            abort();
          }
          return cancelled;
        }
      };

  private volatile @Nullable HttpClientRequest request;
  private volatile @Nullable Context context;
  private volatile @Nullable HttpClientResponse response;
  private volatile int status;
  private volatile boolean tooLarge;

  /** Whether the head was an interim (1xx) answer that Vert.x took for the final one. */
  private volatile boolean interim;

  /**
   * Whether the head's {@code Content-Length} frames no body unambiguously ({@link
   * Wire#hasUsableContentLength}): the answer is unusable, and its connection is closed.
   */
  private volatile boolean unframed;

  Exchange(Wire wire, @Nullable Context caller) {
    this.wire = wire;
    this.caller = caller;
  }

  CompletableFuture<PlivoResponse> future() {
    return future;
  }

  /**
   * Writes the request (with {@code payload} as its body, if any) unless the future is already
   * done, then reads the response: its head, then its body within {@link Wire#MAX_RESPONSE_BYTES}.
   */
  Future<PlivoResponse> send(HttpClientRequest clientRequest, @Nullable Buffer payload) {
    // Before anything can fail it: reset() below, a connection that closes while it is written.
    clientRequest.exceptionHandler(IGNORE);
    if (!sending(clientRequest)) {
      reset();
      return Future.failedFuture(abandoned());
    }
    Future<HttpClientResponse> head =
        payload == null ? clientRequest.send() : clientRequest.send(payload);
    return head.compose(this::read);
  }

  private Future<PlivoResponse> read(HttpClientResponse clientResponse) {
    if (!receiving(clientResponse)) {
      return Future.failedFuture(abandoned());
    }
    BoundedBody body = new BoundedBody();
    clientResponse.exceptionHandler(body::failed);
    clientResponse.handler(body::write);
    clientResponse.endHandler(ignored -> body.end());
    return body.result()
        .map(
            received ->
                plivoResponse(
                    clientResponse.statusCode(),
                    Wire.retryAfter(clientResponse.headers().getAll(HttpHeaders.RETRY_AFTER)),
                    received));
  }

  /**
   * The request is about to be written. Returns false when the future is already done (cancelled
   * while connecting): then the request is abandoned before a byte of it leaves.
   */
  boolean sending(HttpClientRequest clientRequest) {
    context = Vertx.currentContext();
    request = clientRequest;
    return !future.isDone();
  }

  /**
   * The response's head arrived. Returns false when its body must not be read: the future is done,
   * {@code Content-Length} announces more than {@link Wire#MAX_RESPONSE_BYTES}, or the head is an
   * interim answer.
   *
   * <p>An interim answer reaches the exchange only as a {@code 101 Switching Protocols} (no answer
   * to a request that asked for no upgrade), or where no {@link ConnectionGuard} could be
   * installed: Vert.x handles {@code 100 Continue} and {@code 103 Early Hints} itself but takes any
   * other 1xx for the final answer, ending the exchange there and leaving the real answer, which
   * follows on the same connection, to whichever exchange uses the connection next. The attempt
   * then fails ({@code UNKNOWN}: the request was sent, and Plivo may have performed it) and its
   * connection is closed at once, from the callback of the interim head: Vert.x returns the
   * connection to its pool only after that callback, on the same context, so no other exchange can
   * be written on it before it closes, nor receive the real answer. An ambiguous {@code
   * Content-Length} closes the connection likewise, since where the answer ends is unknown.
   */
  boolean receiving(HttpClientResponse response) {
    this.response = response;
    this.status = response.statusCode();
    interim = status < 200;
    List<String> contentLengths = response.headers().getAll(HttpHeaders.CONTENT_LENGTH);
    // Netty refuses most ambiguous lengths itself (given twice, a list); Wire's rule is the one.
    unframed = !Wire.hasUsableContentLength(contentLengths);
    String contentLength = unframed || contentLengths.isEmpty() ? null : contentLengths.get(0);
    if (contentLength != null) {
      try {
        if (Long.parseLong(contentLength.trim()) > Wire.MAX_RESPONSE_BYTES) {
          tooLarge = true;
        }
      } catch (NumberFormatException e) {
        // Not a length: the bounded body stream still enforces the limit.
      }
    }
    if (tooLarge || interim || unframed || future.isDone()) {
      reset();
      return false;
    }
    return true;
  }

  /** The failure of an exchange {@link #sending} or {@link #receiving} refused to go on with. */
  Throwable abandoned() {
    return new VertxException(
        tooLarge
            ? "response larger than " + Wire.MAX_RESPONSE_BYTES + " bytes"
            : interim
                ? "an interim answer (HTTP "
                    + status
                    + ") that the client cannot skip; the final answer was not read"
                : unframed
                    ? "an answer (HTTP " + status + ") whose Content-Length frames no body"
                    : "cancelled",
        true);
  }

  /** Vert.x's outcome: a response, or a failure to classify; completed on the caller's context. */
  void completed(AsyncResult<PlivoResponse> result) {
    Context on = caller;
    if (on != null && Vertx.currentContext() != on) {
      on.runOnContext(ignored -> complete(result));
    } else {
      complete(result);
    }
  }

  private void complete(AsyncResult<PlivoResponse> result) {
    if (future.isDone()) {
      return;
    }
    if (result.succeeded()) {
      future.complete(result.result());
    } else if (tooLarge) {
      future.completeExceptionally(wire.responseTooLarge(status));
    } else {
      // Until Vert.x handed over the request (a connection was ready), nothing was written.
      future.completeExceptionally(
          wire.failure(result.cause(), request != null ? Delivery.UNKNOWN : Delivery.NOT_SENT));
    }
  }

  /** Fails before Vert.x was involved: nothing was written. */
  void failed(Throwable cause) {
    future.completeExceptionally(wire.failure(cause, Delivery.NOT_SENT));
  }

  /**
   * Aborts the HTTP exchange now, on the exchange's event loop. Before the response began,
   * resetting the request closes its HTTP/1.1 connection. Once it began, the connection is closed
   * outright, so that neither a paused nor a half-read response keeps it (Vert.x would otherwise
   * read and discard the rest of an oversized body); it carries this exchange alone, since the
   * client speaks HTTP/1.1 without pipelining.
   */
  private void reset() {
    HttpClientRequest clientRequest = request;
    if (clientRequest == null) {
      return;
    }
    HttpClientResponse clientResponse = response;
    if (clientResponse == null) {
      clientRequest.reset();
      return;
    }
    // Without a handler Vert.x would log the half-read response's failure as an error.
    clientResponse.exceptionHandler(IGNORE);
    HttpConnection connection = clientRequest.connection();
    if (connection != null) {
      connection.close();
    } else {
      clientRequest.reset();
    }
  }

  /** Aborts the HTTP exchange from any thread. */
  private void abort() {
    // sending() writes context before request: reading request first sees both or neither.
    if (request == null) {
      return; // still connecting: sending() abandons the request once it exists
    }
    Context on = context;
    if (on == null) {
      reset();
    } else {
      on.runOnContext(ignored -> reset());
    }
  }

  /**
   * Reads what Plivo answered: a JSON object's top-level members, or an excerpt of any other body.
   */
  static PlivoResponse plivoResponse(
      int status, @Nullable String retryAfter, @Nullable Buffer body) {
    if (body == null || body.length() == 0) {
      return PlivoResponse.text(status, retryAfter, "");
    }
    Map<String, Object> object = jsonObject(body);
    return object != null
        ? PlivoResponse.json(status, retryAfter, object)
        : PlivoResponse.text(status, retryAfter, excerpt(body));
  }

  /**
   * The body's top-level scalar members if the body is exactly one JSON object, else null. Read
   * with Jackson's streaming parser (Vert.x's own JSON engine), strict about duplicate keys as
   * Moshi is in the Retrofit transport, so that both transports read every response alike.
   */
  private static @Nullable Map<String, Object> jsonObject(Buffer body) {
    byte[] bytes = body.getBytes();
    // What Jackson does not check (a byte order mark, the nesting depth) or checks otherwise.
    if (!Wire.isJsonCandidate(bytes, 0, bytes.length)) {
      return null;
    }
    try (JsonParser parser = STRICT_JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> members = new LinkedHashMap<>();
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; ) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_ARRAY) {
          List<String> strings = strings(parser);
          if (strings != null) {
            members.put(name, strings);
          }
        } else if (value == JsonToken.START_OBJECT) {
          parser.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
          members.put(name, parser.getText());
        } else if (value.isNumeric()) {
          members.put(name, parser.getNumberValue());
        } else if (value.isBoolean()) {
          members.put(name, parser.getBooleanValue());
        }
        token = parser.nextToken();
      }
      return parser.nextToken() == null ? members : null;
    } catch (IOException | RuntimeException e) {
      // Malformed JSON, a duplicate key, trailing text: the body is text, not a Plivo response.
      return null;
    }
  }

  /**
   * The array the parser is at the start of, read to its end: its elements when all are strings (a
   * call transfer's {@code call_uuids}), else null, as {@link PlivoResponse#json} keeps only arrays
   * of strings.
   */
  private static @Nullable List<String> strings(JsonParser parser) throws IOException {
    List<String> strings = new ArrayList<>();
    boolean allStrings = true;
    for (JsonToken element = parser.nextToken();
        element != JsonToken.END_ARRAY;
        element = parser.nextToken()) {
      if (element == JsonToken.VALUE_STRING) {
        strings.add(parser.getText());
      } else {
        allStrings = false;
        parser.skipChildren();
      }
    }
    return allStrings ? strings : null;
  }

  private static final JsonFactory STRICT_JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * The first {@link PlivoResponse#EXCERPT_LIMIT} characters of a body, decoded as UTF-8. A
   * character takes at most 4 bytes, so decoding 4 bytes per character never cuts one of those
   * kept.
   */
  static String excerpt(Buffer body) {
    int bytes = Math.min(body.length(), PlivoResponse.EXCERPT_LIMIT * 4);
    String text = body.getString(0, bytes, StandardCharsets.UTF_8.name());
    return text.length() > PlivoResponse.EXCERPT_LIMIT
        ? text.substring(0, PlivoResponse.EXCERPT_LIMIT)
        : text;
  }

  /**
   * The response's body, kept in memory up to {@link Wire#MAX_RESPONSE_BYTES}; one byte more fails
   * it, and the exchange is reset instead of read on. A body that arrives in one chunk (Plivo's
   * small JSON responses) is kept as Vert.x handed it over (its own heap copy of the network
   * buffer); only a second chunk makes a buffer that both are appended to.
   */
  private final class BoundedBody {
    private @Nullable Buffer received;
    private boolean appendable;
    private final Promise<@Nullable Buffer> result = Promise.promise();

    Future<@Nullable Buffer> result() {
      return result.future();
    }

    void write(Buffer data) {
      if (result.future().isComplete()) {
        return;
      }
      Buffer sofar = received;
      int length = sofar == null ? 0 : sofar.length();
      if ((long) length + data.length() > Wire.MAX_RESPONSE_BYTES) {
        tooLarge = true;
        result.tryFail(abandoned());
        // Otherwise Vert.x would go on reading (and discarding) the rest of the body.
        reset();
        return;
      }
      if (sofar == null) {
        received = data;
      } else if (appendable) {
        sofar.appendBuffer(data);
      } else {
        int capacity = Math.min(2 * (length + data.length()), Wire.MAX_RESPONSE_BYTES);
        received = Buffer.buffer(capacity).appendBuffer(sofar).appendBuffer(data);
        appendable = true;
      }
    }

    void end() {
      result.tryComplete(received);
    }

    void failed(Throwable failure) {
      result.tryFail(failure);
    }
  }
}
