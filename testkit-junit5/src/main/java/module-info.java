/**
 * Handoff's testkit for JUnit 5: the {@code @HandoffTest} extension ({@code
 * dev.handoff.testkit.junit5}) and the contract suites every transport passes ({@code
 * dev.handoff.testkit.contract}). Its API hands out the testkit's fakes and is JUnit 5 API (an
 * extension, an annotation, suites to extend): hence {@code requires transitive} of {@code
 * dev.handoff.testkit} and {@code org.junit.jupiter.api}. AssertJ and Moshi are implementation
 * details.
 */
module dev.handoff.testkit.junit5 {
  requires transitive dev.handoff.testkit;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;
  requires com.squareup.moshi;
  // BehaviourContract records what the transports log through java.util.logging: nothing may be.
  requires java.logging;
  // NetworkContract: its TLS server is the JDK's, its forward proxy Jetty's (optional: a transport
  // running NetworkContract puts Jetty on its test path).
  requires jdk.httpserver;
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.http;
  requires static org.eclipse.jetty.util;
  requires static org.eclipse.jetty.io;

  exports dev.handoff.testkit.junit5;
  exports dev.handoff.testkit.contract;

  // JUnit runs the suites' package-private test methods and calls their package-private argument
  // factories (@MethodSource) by reflection, from the transport's test class that extends them.
  opens dev.handoff.testkit.contract to
      org.junit.platform.commons;
}
