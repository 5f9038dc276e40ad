package dev.handoff.testkit;

import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;

/**
 * What both of the testkit's fakes of Plivo offer: a {@link CallModel} to seed and inspect,
 * scripted answers, a request count, and a configuration that reaches the fake. Lets a test (the
 * behaviour contract, say) run unchanged over HTTP ({@link FakePlivoServer}) or in memory ({@link
 * FakeCallControl}). Implementations are thread-safe.
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

  /** How many requests the fake received so far, scripted ones included. */
  int requestCount();

  /**
   * A configuration builder for {@code credentials} whose requests reach this fake: the server's
   * base URL for {@link FakePlivoServer}; Plivo's default URLs for {@link FakeCallControl}, which
   * opens no connection.
   *
   * @throws NullPointerException if {@code credentials} is null
   */
  HandoffConfig.Builder configBuilder(Credentials credentials);

  /**
   * Stops the fake: pending answers fail or are cut, threads are released. Idempotent; the model
   * stays readable.
   */
  @Override
  void close();
}
