package dev.handoff.testkit;

import dev.handoff.model.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link ScriptedResponse}: what to do, and how to make MockWebServer do
 * it.
 */
record Script(
    Kind kind,
    int status,
    @Nullable String contentType,
    String body,
    long bytes,
    List<Map.Entry<String, String>> headers,
    @Nullable Delivery delivery,
    Duration delay)
    implements ScriptedResponse {

  enum Kind {
    BODY,
    DISCONNECT_DURING_BODY,
    RESET_AFTER_REQUEST,
    NO_ANSWER,
    HUGE_BODY,
    TRANSPORT_FAILURE
  }

  private static final int CHUNK = 64 * 1024;

  /** The {@code error} of Plivo's 401, which carries no {@code api_id}. */
  static final String UNAUTHORIZED_ERROR = "authentication credentials were not provided";

  /** The {@code error} of the fakes' 405 (<b>choice</b>: Plivo documents no body for it). */
  static final String METHOD_NOT_ALLOWED_ERROR = "method not allowed";

  /** The {@code error} of {@link ScriptedResponse#forbidden()}. */
  static final String FORBIDDEN_ERROR = "PHLO is not enabled for this account";

  Script {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(body, "body == null");
    headers = List.copyOf(headers);
    Objects.requireNonNull(delay, "delay == null");
  }

  static Script of(Kind kind) {
    return new Script(kind, 0, null, "", 0, List.of(), null, Duration.ZERO);
  }

  static Script transportFailure(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    return new Script(Kind.TRANSPORT_FAILURE, 0, null, "", 0, List.of(), delivery, Duration.ZERO);
  }

  static Script body(int status, String contentType, String body) {
    checkStatus(status);
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(body, "body == null");
    new Headers.Builder().add("Content-Type", contentType);
    return new Script(Kind.BODY, status, contentType, body, 0, List.of(), null, Duration.ZERO);
  }

  static Script disconnectDuringBody() {
    // Long enough that "half of it" leaves the client well inside the body.
    String body =
        "{\"api_id\": \""
            + UUID.randomUUID()
            + "\", \"error\": \"\", \"padding\": \""
            + "x".repeat(4096)
            + "\"}";
    return new Script(
        Kind.DISCONNECT_DURING_BODY,
        200,
        "application/json",
        body,
        0,
        List.of(),
        null,
        Duration.ZERO);
  }

  static Script hugeBody(int status, long bytes) {
    checkStatus(status);
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be at least 1, was " + bytes);
    }
    return new Script(
        Kind.HUGE_BODY, status, "application/json", "", bytes, List.of(), null, Duration.ZERO);
  }

  private static void checkStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200-599, was " + status);
    }
  }

  @Override
  public ScriptedResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(value, "value == null");
    new Headers.Builder().add(name, value); // validates: no CR, LF or other control characters
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new Script(kind, status, contentType, body, bytes, more, delivery, delay);
  }

  @Override
  public ScriptedResponse delayed(Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return new Script(kind, status, contentType, body, bytes, headers, delivery, delay);
  }

  /** The value of the header {@code name} (case-insensitive), the last one given; or null. */
  @Nullable String header(String name) {
    String value = null;
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        value = header.getValue();
      }
    }
    return value;
  }

  /** The body {@link #hugeBody} streams, whole: only for sizes the in-memory fake may hold. */
  String hugeBodyText() {
    StringBuilder text = new StringBuilder((int) bytes);
    String head = ChunkedJsonBody.head();
    String tail = ChunkedJsonBody.TAIL;
    if (bytes < head.length() + tail.length()) {
      return "x".repeat((int) bytes);
    }
    text.append(head).append("x".repeat((int) (bytes - head.length() - tail.length())));
    return text.append(tail).toString();
  }

  MockResponse toMockResponse() {
    MockResponse.Builder response = new MockResponse.Builder();
    switch (kind) {
      case BODY -> response.code(status).body(body);
      case DISCONNECT_DURING_BODY ->
          response.code(status).body(body).onResponseBody(new SocketEffect.CloseSocket());
      case RESET_AFTER_REQUEST, TRANSPORT_FAILURE ->
          response.onResponseStart(new SocketEffect.CloseSocket());
      case NO_ANSWER -> response.onResponseStart(SocketEffect.Stall.INSTANCE);
      case HUGE_BODY ->
          response
              .code(status)
              .body(new ChunkedJsonBody(bytes))
              .removeHeader("Content-Length")
              .setHeader("Transfer-Encoding", "chunked");
    }
    if (contentType != null) {
      response.setHeader("Content-Type", contentType);
    }
    for (Map.Entry<String, String> header : headers) {
      response.addHeader(header.getKey(), header.getValue());
    }
    if (!delay.isZero()) {
      response.headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
    return response.build();
  }

  /** Shows what kind of answer this is; a scripted body may be long. */
  @Override
  public String toString() {
    return "ScriptedResponse["
        + kind
        + (status == 0 ? "" : " " + status)
        + (delivery == null ? "" : " " + delivery)
        + (delay.isZero() ? "" : " after " + delay)
        + "]";
  }

  /**
   * A JSON object of exactly {@code bytes} bytes, written in chunked encoding as it is produced, so
   * that neither the server nor an honest client holds it whole.
   */
  private static final class ChunkedJsonBody implements MockResponseBody {
    static final String TAIL = "\"}";

    private final long bytes;

    /** The JSON before the padding; ASCII, so its length is its size in bytes. */
    static String head() {
      return "{\"api_id\": \"" + UUID.randomUUID() + "\", \"error\": \"\", \"padding\": \"";
    }

    ChunkedJsonBody(long bytes) {
      this.bytes = bytes;
    }

    @Override
    public long getContentLength() {
      return -1L; // unknown: chunked
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] head = head().getBytes(StandardCharsets.UTF_8);
      byte[] tail = TAIL.getBytes(StandardCharsets.UTF_8);
      if (bytes < head.length + tail.length) {
        head = new byte[0];
        tail = new byte[0];
      }
      writeChunk(sink, head);
      byte[] padding = "x".repeat(CHUNK).getBytes(StandardCharsets.US_ASCII);
      long remaining = bytes - head.length - tail.length;
      while (remaining > 0) {
        int size = (int) Math.min(remaining, CHUNK);
        sink.writeHexadecimalUnsignedLong(size).writeUtf8("\r\n");
        sink.write(padding, 0, size).writeUtf8("\r\n");
        remaining -= size;
      }
      writeChunk(sink, tail);
      sink.writeUtf8("0\r\n"); // MockWebServer ends the chunked body after the (empty) trailers
    }

    private static void writeChunk(BufferedSink sink, byte[] data) throws IOException {
      if (data.length > 0) {
        sink.writeHexadecimalUnsignedLong(data.length).writeUtf8("\r\n");
        sink.write(data).writeUtf8("\r\n");
      }
    }
  }
}
