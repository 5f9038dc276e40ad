/**
 * Handoff's testkit: fakes of Plivo ({@code dev.handoff.testkit}) and the contract suites every
 * transport passes ({@code dev.handoff.testkit.contract}). Its API hands out core types and is
 * JUnit 5 API (an extension, an annotation, suites to extend): hence {@code requires transitive} of
 * {@code dev.handoff} and {@code org.junit.jupiter.api}. MockWebServer, OkHttp, Okio, Moshi and
 * AssertJ are implementation details.
 */
module dev.handoff.testkit {
  requires transitive dev.handoff;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;
  requires mockwebserver3;
  requires okhttp3;
  requires okio;
  requires com.squareup.moshi;

  exports dev.handoff.testkit;
  exports dev.handoff.testkit.contract;

  // JUnit runs the suites' package-private test methods and calls their package-private argument
  // factories (@MethodSource) by reflection, from the transport's test class that extends them.
  opens dev.handoff.testkit.contract to
      org.junit.platform.commons;
}
