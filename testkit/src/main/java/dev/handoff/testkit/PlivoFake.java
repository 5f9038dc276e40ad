package dev.handoff.testkit;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.model.PlivoRequest;
import java.util.Arrays;
import java.util.List;

/**
 * What both of the testkit's fakes of Plivo offer: a {@link CallModel} to seed and inspect,
 * scripted answers, one recording API ({@link #requests()}, {@link #assertSent}, {@link
 * #assertNothingSent()}, {@link #requestCount()}), and a configuration that reaches the fake. Lets
 * a test (the behaviour contract, say, or an application's test moving from the in-memory fake to
 * the server by changing its annotation) run unchanged over HTTP ({@link FakePlivoServer}) or in
 * memory ({@link FakeCallControl}). Implementations are thread-safe.
 */
public sealed interface PlivoFake extends AutoCloseable permits FakeCallControl, FakePlivoServer {

  /** The model the fake runs on: seed it, and assert who hears whom after the code ran. */
  CallModel model();

  /**
   * Makes the next request not yet answered get {@code answer} instead of the model's; several
   * answer one request each, in the order queued. See {@link ScriptedResponse} for what each fake
   * does with each script.
   *
   * @return this fake, for chaining
   * @throws NullPointerException if {@code answer} is null
   */
  PlivoFake enqueue(ScriptedResponse answer);

  /**
   * Whether this fake checks each request's credentials as Plivo does, answering 401 to a wrong
   * Auth Token: true for {@link FakePlivoServer}; false for {@link FakeCallControl}, which sees no
   * credentials (a test scripts the 401 it would give instead).
   */
  boolean checksCredentials();

  /**
   * Whether requests reach this fake over HTTP, so that a transport's own failures (a refused
   * connection, a reset) are real rather than scripted: true for {@link FakePlivoServer}; false for
   * {@link FakeCallControl}.
   */
  boolean speaksHttp();

  /**
   * Every Plivo request the fake received so far, as the typed request the code under test sent, in
   * the order they arrived, scripted ones included; a snapshot. {@link FakePlivoServer} decodes
   * each HTTP request it receives (whatever its credentials); one that is no Plivo request (an
   * unknown path, a body that is not valid) is left out here and kept in {@link
   * FakePlivoServer#httpRequests()}.
   */
  List<PlivoRequest> requests();

  /**
   * How many requests the fake received so far, scripted ones included: for {@link
   * FakePlivoServer}, every HTTP request, whether or not it was a Plivo request.
   */
  int requestCount();

  /**
   * Asserts that exactly {@code expected} were received, in this order, compared with {@code
   * equals}, and nothing else (over HTTP: no request that was not a Plivo request either).
   *
   * @throws AssertionError listing what was expected and what was received, when they differ
   */
  default void assertSent(PlivoRequest... expected) {
    List<PlivoRequest> wanted = Arrays.asList(expected.clone());
    List<PlivoRequest> received = requests();
    int others = requestCount() - received.size();
    if (!received.equals(wanted) || others > 0) {
      throw new AssertionError(
          "Expected "
              + getClass().getSimpleName()
              + " to have received, in order:"
              + Recording.list(wanted)
              + "\nbut it received:"
              + Recording.list(received)
              + Recording.others(others));
    }
  }

  /**
   * Asserts that no request was received (over HTTP: not even one that was no Plivo request).
   *
   * @throws AssertionError listing what was received
   */
  default void assertNothingSent() {
    List<PlivoRequest> received = requests();
    int others = requestCount() - received.size();
    if (!received.isEmpty() || others > 0) {
      throw new AssertionError(
          "Expected "
              + getClass().getSimpleName()
              + " to have received no request, but it received:"
              + Recording.list(received)
              + Recording.others(others));
    }
  }

  /**
   * A configuration builder for {@code credentials} whose requests reach this fake: the server's
   * base URL for {@link FakePlivoServer}; Plivo's default URLs for {@link FakeCallControl}, which
   * opens no connection.
   *
   * @throws NullPointerException if {@code credentials} is null
   */
  HandoffConfig.Builder configBuilder(Credentials credentials);

  /**
   * Releases what the fake holds. {@link FakePlivoServer}: stops the server, cutting connections
   * still open. {@link FakeCallControl}: nothing, on purpose; a {@code Handoff} closes its {@code
   * CallControl}, and a fake lent to several must outlive each. Idempotent; the model and the
   * record stay readable.
   */
  @Override
  void close();
}
