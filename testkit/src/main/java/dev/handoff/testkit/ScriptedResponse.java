package dev.handoff.testkit;

import dev.handoff.model.Delivery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An answer a fake gives to one request instead of the answer of its {@link CallModel}: an
 * arbitrary status and body, a misbehaving connection, or a transport failure. Queue one with
 * {@link FakePlivoServer#enqueue(ScriptedResponse)} or {@link
 * FakeCallControl#enqueue(ScriptedResponse)}; each answers one request, first in first out, and a
 * request it answers does not change the model. Immutable and thread-safe.
 *
 * <pre>{@code
 * fake.enqueue(ScriptedResponse.json(429, "{\"api_id\": \"a1\", \"error\": \"too many requests\"}"))
 *     .enqueue(ScriptedResponse.json(503, "{}").withHeader("Retry-After", "0"))
 *     .enqueue(ScriptedResponse.transportFailure(Delivery.UNKNOWN).delayed(Duration.ofSeconds(2)));
 * }</pre>
 *
 * <h2>What each fake does with each script</h2>
 *
 * <table>
 *   <caption>Scripts over HTTP and in memory</caption>
 *   <tr><th>script</th><th>{@link FakePlivoServer}</th><th>{@link FakeCallControl}</th></tr>
 *   <tr><td>{@link #json}, {@link #body}</td><td>that status, body and headers</td>
 *       <td>the {@code PlivoResponse} a transport would read from them: the JSON object's top-level
 *       members, or an excerpt of a body that is not a JSON object; {@code Retry-After} from
 *       {@link #withHeader}; a body over 1 MiB fails as too large ({@code UNKNOWN})</td></tr>
 *   <tr><td>{@link #hugeBody}</td><td>streams that many bytes, chunked</td>
 *       <td>over 1 MiB: the transport failure "answer too large" ({@code UNKNOWN}); otherwise the
 *       same JSON as an answer</td></tr>
 *   <tr><td>{@link #disconnectDuringBody()}, {@link #resetAfterRequest()}</td>
 *       <td>closes the connection in the answer's body, or before answering</td>
 *       <td>a {@code TransportFailureException} with {@link Delivery#UNKNOWN}, as transports report
 *       it</td></tr>
 *   <tr><td>{@link #transportFailure transportFailure(NOT_SENT)}</td>
 *       <td>reads the request, then closes the connection without answering. <b>Transports report
 *       {@code UNKNOWN}</b>: once a connection is open, no server can make a client sure its
 *       request was not sent. For {@code NOT_SENT} over HTTP, point the client at a port nothing
 *       listens on.</td>
 *       <td>a {@code TransportFailureException} with {@link Delivery#NOT_SENT}, as for a refused
 *       connection (Handoff retries it)</td></tr>
 *   <tr><td>{@link #transportFailure transportFailure(UNKNOWN)}</td>
 *       <td>reads the request, then closes the connection without answering</td>
 *       <td>a {@code TransportFailureException} with {@link Delivery#UNKNOWN}</td></tr>
 *   <tr><td>{@link #noAnswer()}</td><td>never answers; the connection stays open</td>
 *       <td>the future never completes, until cancelled (by Handoff's deadline) or the fake is
 *       closed</td></tr>
 *   <tr><td>{@link #delayed delayed(d)}</td>
 *       <td>waits {@code d} of real time before sending the answer's headers; scripts that send no
 *       headers ({@code resetAfterRequest}, {@code transportFailure}, {@code noAnswer}) are not
 *       delayed</td>
 *       <td>completes the future {@code d} later on the fake's clock: a real timer, or a {@link
 *       FakeClock} the test {@linkplain FakeClock#advance advances}</td></tr>
 * </table>
 *
 * <p>Every script is recorded with its request by both fakes, {@code transportFailure(NOT_SENT)}
 * included: the fakes record what the code under test asked for.
 */
public sealed interface ScriptedResponse permits Script {

  /**
   * Answers {@code status} with {@code jsonBody} and {@code Content-Type: application/json}. The
   * body is sent as given, so it may be invalid JSON on purpose.
   *
   * @param status 200-599
   * @throws IllegalArgumentException if {@code status} is not 200-599
   */
  static ScriptedResponse json(int status, String jsonBody) {
    return Script.body(status, "application/json", jsonBody);
  }

  /**
   * Answers {@code status} with {@code body} of {@code contentType}, for example an HTML error page
   * of a proxy ({@code "text/html"}).
   *
   * @param status 200-599
   * @throws IllegalArgumentException if {@code status} is not 200-599
   */
  static ScriptedResponse body(int status, String contentType, String body) {
    return Script.body(status, contentType, body);
  }

  /**
   * Plivo's 401 as it really answers wrong or missing credentials: {@code 401 {"error":
   * "authentication credentials were not provided"}}, with no {@code api_id}. {@link
   * FakePlivoServer} answers a request without the server's credentials so by itself.
   */
  static ScriptedResponse unauthorized() {
    return json(401, Json.write(Map.<String, Object>of("error", Script.UNAUTHORIZED_ERROR)));
  }

  /**
   * A 403, as Plivo answers an account that may not do this (PHLO not enabled, geo permissions, an
   * account not verified): {@code 403 {"api_id": <fresh UUID>, "error": "PHLO is not enabled for
   * this account"}}. Not "not found": Handoff reports a {@code NotPermittedException}.
   */
  static ScriptedResponse forbidden() {
    return forbidden(Script.FORBIDDEN_ERROR);
  }

  /**
   * A 403 with {@code error} as Plivo's error text: {@code 403 {"api_id": <fresh UUID>, "error":
   * error}}.
   *
   * @throws NullPointerException if {@code error} is null
   */
  static ScriptedResponse forbidden(String error) {
    Objects.requireNonNull(error, "error == null");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("api_id", UUID.randomUUID().toString());
    body.put("error", error);
    return json(403, Json.write(body));
  }

  /**
   * A 405, as Plivo answers a known path asked with a method it does not take: {@code 405 {"error":
   * "method not allowed"}}, no {@code api_id} (the body is this testkit's choice; Plivo documents
   * none). {@link FakePlivoServer} answers a wrong method on a known path so by itself.
   */
  static ScriptedResponse methodNotAllowed() {
    return json(405, Json.write(Map.<String, Object>of("error", Script.METHOD_NOT_ALLOWED_ERROR)));
  }

  /**
   * The same answer with one more header, for example {@code Retry-After}. Headers are sent for
   * every answer that sends headers ({@link #json}, {@link #body}, {@link #hugeBody}, {@link
   * #disconnectDuringBody()}); the others ignore them.
   *
   * @throws IllegalArgumentException if the name or value is not a valid header
   */
  ScriptedResponse withHeader(String name, String value);

  /**
   * The same answer, given {@code delay} later: see the table above for what each fake waits on. A
   * {@link #noAnswer()} stays unanswered whatever the delay.
   *
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  ScriptedResponse delayed(Duration delay);

  /**
   * Sends the headers of a 200 answer with {@code Content-Length} and half of a JSON body, then
   * closes the connection: the client sees the connection closed in the middle of the answer.
   */
  static ScriptedResponse disconnectDuringBody() {
    return Script.disconnectDuringBody();
  }

  /** Reads the whole request, then closes the connection without answering anything. */
  static ScriptedResponse resetAfterRequest() {
    return Script.of(Script.Kind.RESET_AFTER_REQUEST);
  }

  /**
   * No usable answer, with the given delivery: {@link FakeCallControl} fails the request with a
   * {@code TransportFailureException} of that delivery; {@link FakePlivoServer} closes the
   * connection after reading the request (see the table above for why that is {@code UNKNOWN} to
   * any HTTP client).
   *
   * @throws NullPointerException if {@code delivery} is null
   */
  static ScriptedResponse transportFailure(Delivery delivery) {
    return Script.transportFailure(delivery);
  }

  /**
   * Reads the whole request and never answers: the connection stays open until the client gives up
   * or the server is {@link FakePlivoServer#close() closed}.
   */
  static ScriptedResponse noAnswer() {
    return Script.of(Script.Kind.NO_ANSWER);
  }

  /**
   * Answers {@code status} with a JSON body of exactly {@code bytes} bytes, streamed in chunks
   * ({@code Transfer-Encoding: chunked}, no {@code Content-Length}) and never held in memory, so a
   * client learns its size only by reading it. Use more than {@code Wire.MAX_RESPONSE_BYTES} (1
   * MiB) to check that a transport stops reading.
   *
   * @param status 200-599
   * @param bytes the body's length in bytes, at least 1
   * @throws IllegalArgumentException if {@code status} is not 200-599 or {@code bytes} is below 1
   */
  static ScriptedResponse hugeBody(int status, long bytes) {
    return Script.hugeBody(status, bytes);
  }
}
