/**
 * Handoff's fakes of Plivo: {@code FakeCallControl} in memory and {@code FakePlivoServer} over
 * loopback HTTP, on one {@code CallModel}. No test framework: the JUnit 5 extension and the
 * contract suites are in {@code dev.handoff.testkit.junit5}.
 */
module dev.handoff.testkit {
  requires transitive dev.handoff;
  requires mockwebserver3;
  requires okhttp3;
  requires okio;
  requires com.squareup.moshi;
  requires java.net.http;
  requires java.xml;

  exports dev.handoff.testkit;
}
