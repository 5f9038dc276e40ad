package dev.handoff.testkit;

/**
 * An answer {@link FakePlivoServer} gives to one request instead of the answer of its model of
 * Plivo: an arbitrary status and body, or a misbehaving connection. Queue one with {@link
 * FakePlivoServer#enqueue(ScriptedAnswer)}. Immutable and thread-safe.
 *
 * <pre>{@code
 * server.enqueue(ScriptedAnswer.json(429, "{\"api_id\": \"a1\", \"error\": \"too many requests\"}"))
 *     .enqueue(ScriptedAnswer.json(503, "{}").withHeader("Retry-After", "0"));
 * }</pre>
 */
public sealed interface ScriptedAnswer permits Script {

  /**
   * Answers {@code status} with {@code jsonBody} and {@code Content-Type: application/json}. The
   * body is sent as given, so it may be invalid JSON on purpose.
   *
   * @param status 200-599
   * @throws IllegalArgumentException if {@code status} is not 200-599
   */
  static ScriptedAnswer json(int status, String jsonBody) {
    return Script.body(status, "application/json", jsonBody);
  }

  /**
   * Answers {@code status} with {@code body} of {@code contentType}, for example an HTML error page
   * of a proxy ({@code "text/html"}).
   *
   * @param status 200-599
   * @throws IllegalArgumentException if {@code status} is not 200-599
   */
  static ScriptedAnswer body(int status, String contentType, String body) {
    return Script.body(status, contentType, body);
  }

  /**
   * The same answer with one more header, for example {@code Retry-After}. Headers are sent for
   * every answer that sends headers ({@link #json}, {@link #body}, {@link #hugeBody}, {@link
   * #disconnectDuringBody()}); the others ignore them.
   *
   * @throws IllegalArgumentException if the name or value is not a valid header
   */
  ScriptedAnswer withHeader(String name, String value);

  /**
   * Sends the headers of a 200 answer with {@code Content-Length} and half of a JSON body, then
   * closes the connection: the client sees the connection closed in the middle of the answer.
   */
  static ScriptedAnswer disconnectDuringBody() {
    return Script.disconnectDuringBody();
  }

  /** Reads the whole request, then closes the connection without answering anything. */
  static ScriptedAnswer resetAfterRequest() {
    return Script.of(Script.Kind.RESET_AFTER_REQUEST);
  }

  /**
   * Reads the whole request and never answers: the connection stays open until the client gives up
   * or the server is {@link FakePlivoServer#close() closed}.
   */
  static ScriptedAnswer noAnswer() {
    return Script.of(Script.Kind.NO_ANSWER);
  }

  /**
   * Answers {@code status} with a JSON body of exactly {@code bytes} bytes, streamed in chunks
   * ({@code Transfer-Encoding: chunked}, no {@code Content-Length}) and never held in memory, so a
   * client learns its size only by reading it. Use more than {@code Wire.MAX_ANSWER_BYTES} (1 MiB)
   * to check that a transport stops reading.
   *
   * @param status 200-599
   * @param bytes the body's length in bytes, at least 1
   * @throws IllegalArgumentException if {@code status} is not 200-599 or {@code bytes} is below 1
   */
  static ScriptedAnswer hugeBody(int status, long bytes) {
    return Script.hugeBody(status, bytes);
  }
}
