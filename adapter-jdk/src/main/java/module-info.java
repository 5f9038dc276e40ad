/**
 * Handoff over the JDK's {@code java.net.http.HttpClient}. Exports only {@code dev.handoff.jdk},
 * whose factory returns core types: hence {@code requires transitive dev.handoff}. Nothing but the
 * JDK's own modules besides.
 */
module dev.handoff.jdk {
  requires transitive dev.handoff;
  // JdkHandoff.create(HttpClient.Builder, HandoffConfig) takes the application's builder.
  requires transitive java.net.http;

  exports dev.handoff.jdk;

  provides dev.handoff.spi.TransportProvider with
      dev.handoff.jdk.JdkTransportProvider;
}
