package dev.handoff.testkit;

import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Endpoint;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.ByteString;

/**
 * A fake Plivo: a real HTTP server on {@code 127.0.0.1} (an ephemeral port) that speaks the PHLO
 * multi-party call and Voice API call-transfer protocol as {@code plivo-api.md} describes, for
 * tests of applications and transports. Use {@link #baseUrl()} as both {@code phloBaseUrl} and
 * {@code voiceBaseUrl}.
 *
 * <pre>{@code
 * try (FakePlivoServer plivo = FakePlivoServer.start(credentials)) {
 *   plivo.addNode(phloId, nodeId, Endpoint.of("+14152223333"), Endpoint.of("+14152224444"));
 *   HandoffConfig config = HandoffConfig.builder(credentials)
 *       .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
 *   ...
 *   assertThat(plivo.requests()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Every request must carry HTTP Basic auth of the server's credentials, checked before anything
 * else (401 otherwise). Then its model answers:
 *
 * <ul>
 *   <li>{@code POST /v1/phlo/{phlo}/multi_party_call/{node}}: 404 {@code {}} for an unknown node;
 *       400 {@code {"api_id": …, "error": "<param> is a mandatory param."}} when {@code action},
 *       {@code to} or {@code trigger_source} is missing, or {@code "Invalid value provided for
 *       <param>."} for a bad {@code action}, address or {@code role}; else 201 {@code {"api_id": …,
 *       "error": ""}}. {@code call} and {@code warm_transfer} add {@code to} to the members; {@code
 *       cold_transfer} adds {@code to} and removes {@code trigger_source}.
 *   <li>{@code POST …/members/{member}}: 404 {@code {}} for an unknown node or a member not in the
 *       call, 400 for a missing or bad {@code action}, else 201; {@code hangup} removes the member.
 *   <li>{@code GET /v1/phlo/{phlo}/multi_party_call/{node}}: 200 with {@code api_id}, {@code
 *       node_id}, {@code phlo_id}, {@code name}, {@code node_type} and {@code created_on}; 404
 *       {@code {}}.
 *   <li>{@code POST /v1/Account/{auth_id}/Call/{call_uuid}/}: 404 {@code {"api_id": …, "error":
 *       "not found"}} for a call not {@link #addCall added} or another Auth ID; 400 for a missing
 *       or bad {@code legs}, a missing URL the legs need, or a bad method; else 202 {@code
 *       {"message": "call transfered", "api_id": …}}.
 *   <li>Anything else: 404 {@code {}}; a known path with the wrong method: 405 {@code {}}.
 * </ul>
 *
 * <p>Every {@code api_id} is a fresh random UUID. Answers {@link #enqueue queued} as {@link
 * ScriptedAnswer}s take precedence over the model, one per request, first in first out; a request
 * they answer does not change the model.
 *
 * <p>Thread-safe: requests are served on several threads, and the test thread may declare nodes and
 * read requests meanwhile. {@link #close()} stops the server, cutting connections still open (a
 * {@link ScriptedAnswer#noAnswer()} included), and releases its threads.
 */
public final class FakePlivoServer implements AutoCloseable {
  private static final long TAKE_TIMEOUT_SECONDS = 10;

  private final MockWebServer server;
  private final PlivoModel model;
  private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
  private final List<RecordedPlivoRequest> requests = new ArrayList<>();
  private final LinkedBlockingQueue<RecordedPlivoRequest> untaken = new LinkedBlockingQueue<>();
  private final URI baseUrl;

  private FakePlivoServer(Credentials credentials) {
    this.model = new PlivoModel(credentials);
    this.server = new MockWebServer();
    server.setDispatcher(new PlivoDispatcher());
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("FakePlivoServer could not listen on 127.0.0.1", e);
    }
    this.baseUrl = URI.create("http://127.0.0.1:" + server.getPort());
  }

  /**
   * Starts a server on {@code 127.0.0.1}, on a port the system chooses; requests must carry HTTP
   * Basic auth of {@code credentials}.
   *
   * @throws NullPointerException if {@code credentials} is null
   * @throws UncheckedIOException if the server cannot listen
   */
  public static FakePlivoServer start(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials == null");
    return new FakePlivoServer(credentials);
  }

  /**
   * The server's base URL, {@code http://127.0.0.1:PORT} without a trailing slash: use it as both
   * {@code phloBaseUrl} and {@code voiceBaseUrl}.
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Declares a multi-party call node whose call currently has {@code members}, replacing any node
   * of the same ids.
   *
   * @return this server, for chaining
   * @throws NullPointerException if an argument or a member is null
   */
  public FakePlivoServer addNode(PhloId phloId, NodeId nodeId, Endpoint... members) {
    Objects.requireNonNull(phloId, "phloId == null");
    Objects.requireNonNull(nodeId, "nodeId == null");
    List<Endpoint> list = Arrays.asList(members.clone());
    for (Endpoint member : list) {
      Objects.requireNonNull(member, "member == null");
    }
    model.addNode(phloId, nodeId, list);
    return this;
  }

  /**
   * Declares a live Voice API call, which call transfers may then move.
   *
   * @return this server, for chaining
   * @throws NullPointerException if {@code callUuid} is null
   */
  public FakePlivoServer addCall(CallUuid callUuid) {
    model.addCall(Objects.requireNonNull(callUuid, "callUuid == null"));
    return this;
  }

  /**
   * The members a node's call has now, in the order they joined: what {@link #addNode} declared,
   * changed by the node and member actions the model accepted.
   *
   * @throws IllegalArgumentException if no such node was {@link #addNode added}
   */
  public List<Endpoint> members(PhloId phloId, NodeId nodeId) {
    List<Endpoint> members = model.members(phloId, nodeId);
    if (members == null) {
      throw new IllegalArgumentException(
          "no node " + nodeId.value() + " in PHLO " + phloId.value() + " was added");
    }
    return members;
  }

  /**
   * Makes the next request not yet answered get {@code answer} instead of the model's. Several may
   * be queued; each answers one request, in the order queued.
   *
   * @return this server, for chaining
   * @throws NullPointerException if {@code answer} is null
   */
  public FakePlivoServer enqueue(ScriptedAnswer answer) {
    scripts.add((Script) Objects.requireNonNull(answer, "answer == null"));
    return this;
  }

  /** Every request received so far, in the order they arrived; a snapshot. */
  public List<RecordedPlivoRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many requests were received so far. */
  public int requestCount() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /**
   * The oldest request not yet taken by this method, waiting up to 10 seconds for one to arrive:
   * for tests that must know a request reached the server (an asynchronous call, say) before they
   * go on.
   *
   * @throws AssertionError if no request arrives in time, or the thread is interrupted
   */
  public RecordedPlivoRequest takeRequest() {
    try {
      RecordedPlivoRequest request = untaken.poll(TAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError(
            "no request reached FakePlivoServer within " + TAKE_TIMEOUT_SECONDS + " s");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a request", e);
    }
  }

  /**
   * Stops the server: closes the listening socket and every open connection, and releases its
   * threads. Idempotent.
   */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "FakePlivoServer[" + baseUrl + "]";
  }

  private RecordedPlivoRequest record(RecordedRequest received) {
    Map<String, String> headers = new LinkedHashMap<>();
    Headers all = received.getHeaders();
    for (int i = 0; i < all.size(); i++) {
      String name = all.name(i);
      String known = null;
      for (String key : headers.keySet()) {
        if (key.equalsIgnoreCase(name)) {
          known = key;
          break;
        }
      }
      if (known == null) {
        headers.put(name, all.value(i));
      } else {
        headers.put(known, headers.get(known) + ", " + all.value(i));
      }
    }
    ByteString body = received.getBody();
    RecordedPlivoRequest request =
        new RecordedPlivoRequest(
            received.getMethod() == null ? "" : received.getMethod(),
            received.getTarget(),
            headers,
            body == null ? "" : body.utf8());
    synchronized (requests) {
      requests.add(request);
      untaken.add(request);
    }
    return request;
  }

  /** Records each request, then answers it with the next script or the model. */
  private final class PlivoDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest received) {
      RecordedPlivoRequest request = record(received);
      Script script = scripts.poll();
      if (script != null) {
        return script.toMockResponse();
      }
      PlivoModel.Reply reply = model.handle(request, received.getUrl().pathSegments());
      return new MockResponse.Builder()
          .code(reply.status())
          .setHeader("Content-Type", "application/json")
          .body(reply.json())
          .build();
    }
  }
}
