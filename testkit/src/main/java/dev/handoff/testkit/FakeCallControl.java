package dev.handoff.testkit;

import dev.handoff.HandoffConfig;
import dev.handoff.RateLimit;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory Plivo: a {@link CallControl} on a {@link CallModel}, so a test builds a real {@code
 * Handoff} with no network at all and asserts what happened to the call afterwards.
 *
 * <pre>{@code
 * CallModel model = CallModel.create();
 * model.node(phlo, node).member("+14152223333", Role.AGENT).member("+14155550100", Role.CUSTOMER);
 * FakeCallControl plivo = FakeCallControl.create(model);
 * try (Handoff handoff = Handoff.create(plivo, plivo.configBuilder(credentials).build())) {
 *   new TransferDesk(handoff, phlo, node).consult(agent, supervisor);   // the code under test
 * }
 * plivo.assertSent(new WarmTransfer(phlo, node, agent, supervisor));
 * assertThat(model.hears(phlo, node, agent)).containsExactly(supervisor);
 * }</pre>
 *
 * <ul>
 *   <li><b>Answers</b>: each request is applied to the {@link #model()} as Plivo would ({@link
 *       CallModel#apply}; for a call transfer, under the model's own Auth ID, since the port sees
 *       no credentials) and the future is already complete when the method returns.
 *   <li><b>Scripts</b>: {@linkplain #enqueue queued} {@link ScriptedResponse}s answer instead, one
 *       per request, first in first out, without changing the model; see {@link ScriptedResponse}
 *       for what each becomes here (statuses, {@code NOT_SENT}/{@code UNKNOWN} transport failures,
 *       no answer, delays). A delayed answer completes on the {@link FakeClock} given to {@link
 *       #create(CallModel, FakeClock)} when the test advances it, otherwise on the JDK's shared
 *       delay scheduler.
 *   <li><b>Recording</b>: every request received, scripted ones included, in order: {@link
 *       #requests()}, {@link #assertSent}, {@link #assertNothingSent()}.
 *   <li><b>Lending</b>: several {@code Handoff}s may be built on one fake ({@code
 *       Handoff.create(fake, config)}), say with different timeouts. Closing one (a {@code Handoff}
 *       closes its {@code CallControl}) ends that {@code Handoff}'s own operations and leaves the
 *       fake and the others working: {@link #close()} does nothing.
 * </ul>
 *
 * <p>Thread-safe: a request is recorded, scripted or applied to the model atomically, so the record
 * is in the order the model saw the requests.
 */
public final class FakeCallControl implements CallControl, PlivoFake {
  private final CallModel model;
  private final @Nullable FakeClock clock;
  private final ArrayDeque<Script> scripts = new ArrayDeque<>();
  private final List<PlivoRequest> requests = new ArrayList<>();

  private FakeCallControl(CallModel model, @Nullable FakeClock clock) {
    this.model = model;
    this.clock = clock;
  }

  /** A fake on a fresh, empty model of any account ({@link CallModel#create()}). */
  public static FakeCallControl create() {
    return new FakeCallControl(CallModel.create(), null);
  }

  /**
   * A fake on {@code model}; delayed answers complete after that much real time.
   *
   * @throws NullPointerException if {@code model} is null
   */
  public static FakeCallControl create(CallModel model) {
    return new FakeCallControl(Objects.requireNonNull(model, "model == null"), null);
  }

  /**
   * A fake on {@code model} whose delayed answers complete only when the test advances {@code
   * clock}: deterministic, no thread of its own.
   *
   * @throws NullPointerException if an argument is null
   */
  public static FakeCallControl create(CallModel model, FakeClock clock) {
    return new FakeCallControl(
        Objects.requireNonNull(model, "model == null"),
        Objects.requireNonNull(clock, "clock == null"));
  }

  @Override
  public CallModel model() {
    return model;
  }

  /**
   * Enforces an account rate limit on the requests the {@linkplain #model() model} answers, as
   * {@link CallModel#rateLimit} does, measured on this fake's {@link FakeClock} when it was created
   * with one (so a test moves the window by advancing it), else on {@link System#nanoTime()}: at
   * most {@code limit.permits()} in any window of {@code limit.window()}, a 429 without {@code
   * Retry-After} beyond it; counted across every {@code Handoff} on this fake (and on its model).
   *
   * @param limit the limit, or null to lift it
   * @return this fake, for chaining
   */
  public FakeCallControl rateLimit(@Nullable RateLimit limit) {
    FakeClock fake = clock;
    model.rateLimit(limit, fake == null ? System::nanoTime : () -> fake.elapsed().toNanos());
    return this;
  }

  /** {@code false}: this fake sees no credentials. */
  @Override
  public boolean checksCredentials() {
    return false;
  }

  /** {@code false}: requests arrive in memory. */
  @Override
  public boolean speaksHttp() {
    return false;
  }

  /**
   * A configuration builder for {@code credentials} with Plivo's default base URLs, which this fake
   * never contacts.
   *
   * @throws NullPointerException if {@code credentials} is null
   */
  @Override
  public HandoffConfig.Builder configBuilder(Credentials credentials) {
    return HandoffConfig.builder(credentials);
  }

  @Override
  public FakeCallControl enqueue(ScriptedResponse answer) {
    Script script = (Script) Objects.requireNonNull(answer, "answer == null");
    synchronized (this) {
      scripts.add(script);
    }
    return this;
  }

  /**
   * Applies the request {@code wire} describes to the model, or answers it with the next script.
   * Under the model's own Auth ID for a call transfer, since the port sees no credentials.
   */
  @Override
  public CompletableFuture<PlivoResponse> send(Wire wire) {
    return receive(Objects.requireNonNull(wire, "wire == null"));
  }

  /** {@code "fake"}. */
  @Override
  public String name() {
    return "fake";
  }

  /** Every request received so far, in order, scripted ones included; a snapshot. */
  @Override
  public synchronized List<PlivoRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized int requestCount() {
    return requests.size();
  }

  /**
   * Does nothing, on purpose: a {@code Handoff} closes its {@code CallControl}, and this fake is
   * lent to every {@code Handoff} built on it, which must not end it for the others. A closing
   * {@code Handoff} ends its own operations itself (their pending answers are cancelled, later
   * calls refused); the fake, other {@code Handoff}s on it, the model and the record keep working.
   * The fake holds no thread to release: delayed answers without a {@link FakeClock} run on the
   * JDK's shared delay scheduler.
   */
  @Override
  public void close() {}

  @Override
  public synchronized String toString() {
    return "FakeCallControl[requests=" + requests.size() + ", scripts=" + scripts.size() + "]";
  }

  private CompletableFuture<PlivoResponse> receive(Wire wire) {
    PlivoRequest request = wire.request();
    Script script;
    synchronized (this) {
      requests.add(request);
      script = scripts.poll();
      if (script == null) {
        // Under this fake's lock, so that the record is in the order the model applied them.
        return CompletableFuture.completedFuture(model.apply(request, model.accountAuthId()));
      }
    }
    return scripted(wire, script);
  }

  private CompletableFuture<PlivoResponse> scripted(Wire wire, Script script) {
    if (script.kind() == Script.Kind.NO_ANSWER) {
      return new CompletableFuture<>(); // only a cancel ends it
    }
    Object outcome = outcome(wire, script);
    if (script.delay().isZero()) {
      return complete(new CompletableFuture<>(), outcome);
    }
    CompletableFuture<PlivoResponse> future = new CompletableFuture<>();
    Runnable completion = () -> complete(future, outcome);
    if (clock != null) {
      clock.schedule(script.delay(), completion);
    } else {
      // The JDK's shared daemon scheduler: no thread of the fake's own to stop.
      CompletableFuture.delayedExecutor(script.delay().toNanos(), TimeUnit.NANOSECONDS)
          .execute(completion);
    }
    return future;
  }

  private static CompletableFuture<PlivoResponse> complete(
      CompletableFuture<PlivoResponse> future, Object outcome) {
    if (outcome instanceof PlivoResponse answer) {
      future.complete(answer);
    } else {
      future.completeExceptionally((TransportFailureException) outcome);
    }
    return future;
  }

  /** What a transport would make of the script: a {@link PlivoResponse} or its failure. */
  private static Object outcome(Wire wire, Script script) {
    switch (script.kind()) {
      case BODY:
        return answer(wire, script.status(), script.header("Retry-After"), script.body());
      case HUGE_BODY:
        if (script.bytes() > Wire.MAX_RESPONSE_BYTES) {
          return wire.responseTooLarge(script.status());
        }
        return answer(wire, script.status(), script.header("Retry-After"), script.hugeBodyText());
      case DISCONNECT_DURING_BODY:
        return wire.failure(
            new EOFException("connection closed in the middle of the answer"), Delivery.UNKNOWN);
      case RESET_AFTER_REQUEST:
        return wire.failure(
            new SocketException("connection closed before the answer"), Delivery.UNKNOWN);
      case TRANSPORT_FAILURE:
        return script.delivery() == Delivery.NOT_SENT
            ? wire.failure(new ConnectException("connection refused"), Delivery.NOT_SENT)
            : wire.failure(
                new SocketException("connection broke after the request"), Delivery.UNKNOWN);
      default:
        throw new AssertionError("no outcome for " + script);
    }
  }

  private static Object answer(Wire wire, int status, @Nullable String retryAfter, String body) {
    if (body.getBytes(StandardCharsets.UTF_8).length > Wire.MAX_RESPONSE_BYTES) {
      return wire.responseTooLarge(status);
    }
    Map<String, Object> object = Json.object(body);
    return object != null
        ? PlivoResponse.json(status, retryAfter, object)
        : PlivoResponse.text(status, retryAfter, body);
  }
}
