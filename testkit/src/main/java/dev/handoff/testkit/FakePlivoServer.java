package dev.handoff.testkit;

import dev.handoff.HandoffConfig;
import dev.handoff.RateLimit;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A fake Plivo: a real HTTP server on {@code 127.0.0.1} (an ephemeral port) that speaks the PHLO
 * multi-party call and Voice API call-transfer protocol as {@code docs/plivo-api.md} describes, on
 * a {@link CallModel}, for tests of transports and of applications' own HTTP code. Use {@link
 * #baseUrl()} as both {@code phloBaseUrl} and {@code voiceBaseUrl} ({@link #configBuilder} does).
 *
 * <pre>{@code
 * try (FakePlivoServer plivo = FakePlivoServer.start(credentials)) {
 *   plivo.model().node(phloId, nodeId)
 *       .member("+14152223333", Role.AGENT)
 *       .member("+14155550100", Role.CUSTOMER);
 *   try (Handoff handoff = RetrofitHandoff.create(plivo.configBuilder(credentials).build())) {
 *     handoff.warmTransfer(new WarmTransfer(phloId, nodeId,
 *         Address.of("+14152223333"), Address.of("+14152225555")));
 *   }
 *   assertThat(plivo.model().describe(phloId, nodeId))
 *       .isEqualTo("+14152223333 ⇄ +14152225555 private; +14155550100 on hold");
 * }
 * }</pre>
 *
 * <p>The server handles HTTP; {@link #model()} decides. For every request, in this order:
 *
 * <ol>
 *   <li>HTTP Basic auth of the server's credentials, before anything else: otherwise 401 {@code
 *       {"error": "authentication credentials were not provided"}}, without {@code api_id}, as
 *       Plivo answers ({@link ScriptedResponse#unauthorized()}).
 *   <li>Routing: {@code POST}/{@code GET /v1/phlo/{phlo}/multi_party_call/{node}}, {@code POST
 *       …/members/{member}}, {@code POST /v1/Account/{auth_id}/Call/{call_uuid}/}. Anything else
 *       (or a path id that breaks its rule): 404 {@code {}}; a known path with the wrong method:
 *       405 {@code {"error": "method not allowed"}} ({@link ScriptedResponse#methodNotAllowed()});
 *       a call transfer under another Auth ID: 404 {@code {"api_id": …, "error": "not found"}}.
 *   <li>The JSON body: 400 {@code {"api_id": …, "error": "Invalid JSON body."}} when it is not a
 *       JSON object; {@code "<param> is a mandatory param."} when {@code action}, {@code to},
 *       {@code trigger_source}, {@code legs} or a URL the legs need is missing; {@code "Invalid
 *       value provided for <param>."} for a bad {@code action}, address, {@code role}, {@code
 *       legs}, URL or method.
 *   <li>Then the typed request ({@code WarmTransfer}, {@code MemberAction}, {@code CallTransfer},
 *       …) is {@linkplain CallModel#apply applied} to the model, and its answer is written back as
 *       JSON with the same status: see {@link CallModel} for every answer and state change.
 * </ol>
 *
 * <p>Recording: {@link #requests()} has each Plivo request decoded into its typed request, as
 * {@link FakeCallControl#requests()} has it, so {@link #assertSent} and {@link
 * #assertNothingSent()} read the same on both fakes; {@link #httpRequests()} and {@link
 * #takeHttpRequest()} have the raw HTTP requests (method, path, headers, body).
 *
 * <p>Every {@code api_id} is a fresh random UUID. Answers {@link #enqueue queued} as {@link
 * ScriptedResponse}s take precedence over the model, one per request, first in first out; a request
 * they answer does not change the model.
 *
 * <p>Thread-safe: requests are served on several threads, and the test thread may seed and inspect
 * the model and read requests meanwhile. {@link #close()} stops the server, cutting connections
 * still open (a {@link ScriptedResponse#noAnswer()} included), and releases its threads.
 */
public final class FakePlivoServer implements PlivoFake {
  private static final long TAKE_TIMEOUT_SECONDS = 10;

  private final MockWebServer server;
  private final CallModel model;
  private final PlivoRouter router;
  private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
  private final List<RecordedPlivoRequest> requests = new ArrayList<>();
  private final List<PlivoRequest> decoded = new ArrayList<>();
  private final LinkedBlockingQueue<RecordedPlivoRequest> untaken = new LinkedBlockingQueue<>();
  private final URI baseUrl;
  private final TransferFollower follower;
  private volatile boolean following;

  private FakePlivoServer(Credentials credentials, @Nullable SSLContext tls) {
    this.model = CallModel.create(credentials.authId());
    this.router = new PlivoRouter(credentials, model);
    this.follower = new TransferFollower(credentials, model);
    this.server = new MockWebServer();
    server.setDispatcher(new PlivoDispatcher());
    if (tls != null) {
      server.useHttps(tls.getSocketFactory());
    }
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("FakePlivoServer could not listen on 127.0.0.1", e);
    }
    this.baseUrl =
        URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + server.getPort());
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
    return new FakePlivoServer(credentials, null);
  }

  /**
   * Starts a server as {@link #start} does, speaking HTTPS with {@code serverTls}'s key and
   * certificate: a stand-in for Plivo behind a private CA (TLS inspection), for tests of a
   * configuration's {@code trustedCertificates}, {@code sslContext} and {@code proxy}. {@link
   * #baseUrl()} is then {@code https://127.0.0.1:PORT}, so the certificate must name {@code
   * 127.0.0.1} (an IP subject alternative name) for a client to accept it.
   *
   * @param credentials the HTTP Basic auth requests must carry
   * @param serverTls a context initialised with the server's key manager (its trust managers are
   *     not used: the server asks for no client certificate)
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the server cannot listen
   */
  public static FakePlivoServer startHttps(Credentials credentials, SSLContext serverTls) {
    Objects.requireNonNull(credentials, "credentials == null");
    Objects.requireNonNull(serverTls, "serverTls == null");
    return new FakePlivoServer(credentials, serverTls);
  }

  /**
   * The server's base URL, {@code http://127.0.0.1:PORT} ({@code https://} when {@linkplain
   * #startHttps started so}) without a trailing slash: use it as both {@code phloBaseUrl} and
   * {@code voiceBaseUrl}.
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * A configuration builder for {@code credentials} whose PHLO and Voice API base URLs are this
   * server's {@link #baseUrl()}.
   *
   * @throws NullPointerException if {@code credentials} is null
   */
  @Override
  public HandoffConfig.Builder configBuilder(Credentials credentials) {
    return HandoffConfig.builder(credentials).phloBaseUrl(baseUrl).voiceBaseUrl(baseUrl);
  }

  /**
   * The model this server runs on, of the account of the server's Auth ID: seed it with roles
   * ({@link CallModel#node}), inspect who hears whom ({@link CallModel#hears}, {@link
   * CallModel#describe}).
   */
  @Override
  public CallModel model() {
    return model;
  }

  /** {@code true}: a wrong Auth Token is answered 401, as Plivo answers it. */
  @Override
  public boolean checksCredentials() {
    return true;
  }

  /** {@code true}: requests arrive over loopback HTTP. */
  @Override
  public boolean speaksHttp() {
    return true;
  }

  /**
   * Enforces an account rate limit on the requests the {@linkplain #model() model} answers: at most
   * {@code limit.permits()} in any window of {@code limit.window()} (sliding, on {@link
   * System#nanoTime()}), a 429 {@code {"api_id": …, "error": "too many requests"}} without {@code
   * Retry-After} beyond it, as Plivo answers; counted across every {@code Handoff} sending here. A
   * shorthand for {@code model().rateLimit(limit)}; {@link CallModel#rateLimitedCount()} counts the
   * 429s.
   *
   * @param limit the limit, or null to lift it
   * @return this server, for chaining
   */
  public FakePlivoServer rateLimit(@Nullable RateLimit limit) {
    model.rateLimit(limit);
    return this;
  }

  /**
   * Declares a multi-party call node, if new, and adds {@code members} to it {@link
   * MemberState#IN_CALL} with the role {@link dev.handoff.model.Role#AGENT}: a shorthand for {@code
   * model().node(phloId, nodeId).member(m)} for each member.
   *
   * @return this server, for chaining
   * @throws NullPointerException if an argument or a member is null
   * @throws IllegalArgumentException if a member is already present in the node
   */
  public FakePlivoServer addNode(PhloId phloId, NodeId nodeId, Address... members) {
    CallModel.NodeSeed node = model.node(phloId, nodeId);
    for (Address member : members) {
      node.member(Objects.requireNonNull(member, "member == null"));
    }
    return this;
  }

  /**
   * Declares a live Voice API call, which call transfers may then move: a shorthand for {@code
   * model().call(callUuid)}.
   *
   * @return this server, for chaining
   * @throws NullPointerException if {@code callUuid} is null
   */
  public FakePlivoServer addCall(CallUuid callUuid) {
    model.call(Objects.requireNonNull(callUuid, "callUuid == null"));
    return this;
  }

  /**
   * The members present in a node's call now (not {@link MemberState#GONE}), in the order they
   * joined, whatever their state; {@link CallModel#members} has their states.
   *
   * @throws IllegalArgumentException if no such node was declared
   */
  public List<Address> members(PhloId phloId, NodeId nodeId) {
    List<Address> present = new ArrayList<>();
    for (Member member : model.members(phloId, nodeId)) {
      if (member.present()) {
        present.add(member.address());
      }
    }
    return List.copyOf(present);
  }

  /**
   * Makes this server do what Plivo does after it accepted a call transfer: request each moved
   * leg's new URL ({@code aleg_url}, {@code bleg_url}) from the application under test and run the
   * Plivo XML it answers, so that {@link CallModel#aLeg} and {@link CallModel#bLeg} tell what the
   * leg now does ({@link LegState}). Off by default, because the transfers of tests written before
   * often name URLs that lead nowhere ({@code http://aleg.url}); with it off a moved leg is {@link
   * LegState.Kind#MOVED}.
   *
   * <p>Each fetch, as Plivo's documents describe it ({@code docs/callbacks.md}):
   *
   * <ul>
   *   <li>the leg's method; {@code POST} sends a form body, {@code GET} the same parameters in the
   *       query: {@code CallUUID}, {@code RequestUUID}, {@code From}, {@code To}, {@code
   *       CallStatus=in-progress}, {@code Direction} ({@code inbound} for the A leg, {@code
   *       outbound} for the B leg), {@code ALegUUID}, {@code ALegRequestUUID} and {@code
   *       Event=Transfer} ({@code Event=Redirect} for a {@code <Redirect>}). The A leg's {@code
   *       CallUUID} is the call's; the B leg's is one derived from it, the same every time. {@code
   *       From}/{@code To} are those {@linkplain CallModel#call(CallUuid, Address, Address)
   *       seeded}.
   *   <li>signed with the server's credentials ({@link PlivoCallbacks}): {@code
   *       X-Plivo-Signature-V3}, {@code X-Plivo-Signature-Ma-V3}, {@code
   *       X-Plivo-Signature-V3-Nonce}, over the URL without its fragment;
   *   <li>with the retry settings of the URL's fragment ({@code #ct=…&rt=…&tt=…&rc=…&rp=…}; Plivo's
   *       defaults 2,000 ms, 40,000 ms, 55,000 ms, 1 retry, retry on {@code ct,rt}): an answer
   *       other than 200, a timeout or a refused connection is retried when {@code rp} names it and
   *       retries and total time remain; then the leg is {@link LegState.Kind#HUNG_UP}, saying why
   *       ("hung up, the application answered HTTP 500").
   * </ul>
   *
   * <p>An answer of 200 is read as Plivo XML (at most 100 KB; no DTD): a document Plivo refuses
   * (not well-formed, root not {@code Response}, an unknown or wrongly cased element, {@code Dial}
   * without {@code Number}/{@code User}, ...) hangs the leg up ("hung up, the application answered
   * invalid XML (...)"). Otherwise the elements run top to bottom: {@code Speak}, {@code Wait} and
   * a finite {@code Play} pass; the leg stays in the first {@code Dial} (the callee answers:
   * "dialling +14152225555, then bridged"), {@code Conference} ("in conference queue-7"), {@code
   * MultiPartyCall}, looping {@code Play loop="0"} ("hearing hold music"); {@code Redirect} is
   * fetched in turn (up to 10); {@code Hangup} or the end of the document hangs up.
   *
   * <p>Fetches run in the background, after the transfer was answered 202: {@link #awaitLegs} waits
   * for them. A later transfer of the same call wins over a fetch still running for an earlier one.
   *
   * @return this server, for chaining
   */
  public FakePlivoServer followTransfers() {
    following = true;
    return this;
  }

  /**
   * Waits until every follow-up {@link #followTransfers()} started has ended (each moved leg is in
   * its final state), at most {@code timeout}.
   *
   * @return this server, for chaining
   * @throws NullPointerException if {@code timeout} is null
   * @throws AssertionError if some follow-up is still running after {@code timeout}, or the thread
   *     is interrupted
   */
  public FakePlivoServer awaitLegs(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    try {
      if (!follower.await(timeout)) {
        throw new AssertionError(
            "FakePlivoServer was still fetching a transferred leg's XML after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the legs", e);
    }
    return this;
  }

  /**
   * Makes the next request not yet answered get {@code answer} instead of the model's. Several may
   * be queued; each answers one request, in the order queued.
   *
   * @return this server, for chaining
   * @throws NullPointerException if {@code answer} is null
   */
  @Override
  public FakePlivoServer enqueue(ScriptedResponse answer) {
    scripts.add((Script) Objects.requireNonNull(answer, "answer == null"));
    return this;
  }

  /**
   * Every Plivo request received so far, decoded into the typed request ({@code WarmTransfer},
   * {@code MemberAction}, {@code CallTransfer}, …) the code under test sent, in the order they
   * arrived, scripted ones and ones with wrong credentials included; a snapshot. An HTTP request
   * that is no Plivo request (an unknown path, a wrong method, a body Plivo would answer 400) is
   * not in it: {@link #httpRequests()} has every one as received.
   */
  @Override
  public List<PlivoRequest> requests() {
    synchronized (requests) {
      return List.copyOf(decoded);
    }
  }

  /**
   * Every HTTP request received so far, as it arrived (method, raw path, headers, body), in the
   * order they arrived; a snapshot. For the bytes on the wire; {@link #requests()} has what they
   * meant.
   */
  public List<RecordedPlivoRequest> httpRequests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many HTTP requests were received so far, Plivo requests or not. */
  @Override
  public int requestCount() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /**
   * The oldest HTTP request not yet taken by this method, waiting up to 10 seconds for one to
   * arrive: for tests that must know a request reached the server (an asynchronous call, say)
   * before they go on.
   *
   * @throws AssertionError if no request arrives in time, or the thread is interrupted
   */
  public RecordedPlivoRequest takeHttpRequest() {
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

  private RecordedPlivoRequest toRecorded(RecordedRequest received) {
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
    return request;
  }

  /**
   * Decodes and records each request, then answers it with the next script or the model. Recording,
   * taking the script and applying the request to the model happen under one lock, so the k-th
   * recorded request is the one the k-th script answered, and the model applied requests in
   * recorded order, however many arrive at once.
   */
  private final class PlivoDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest received) {
      RecordedPlivoRequest request = toRecorded(received);
      PlivoRouter.Decoded meaning = router.decode(request, received.getUrl().pathSegments());
      Script script;
      PlivoRouter.Reply reply;
      synchronized (requests) {
        requests.add(request);
        if (meaning.request() != null) {
          decoded.add(meaning.request());
        }
        untaken.add(request);
        script = scripts.poll();
        reply = script == null ? router.handle(request, meaning) : null;
        if (following
            && reply != null
            && reply.status() == 202
            && meaning.request() instanceof CallTransfer transfer) {
          // Under the lock: the follow-up belongs to this transfer, not to one applied after it.
          follower.follow(transfer);
        }
      }
      if (script != null) {
        return script.toMockResponse();
      }
      return new MockResponse.Builder()
          .code(reply.status())
          .setHeader("Content-Type", "application/json")
          .body(reply.json())
          .build();
    }
  }
}
