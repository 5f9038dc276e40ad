/**
 * Handoff's core: the application API ({@code dev.handoff}), the self-validating requests, results
 * and exceptions ({@code dev.handoff.model}) and the transport port ({@code dev.handoff.spi}).
 * {@code dev.handoff.internal} is not exported: no other Handoff module uses it.
 *
 * <p>JSpecify is {@code requires static transitive}: Handoff's signatures carry its nullness
 * annotations, so a module that reads {@code dev.handoff} also reads {@code org.jspecify} when it
 * compiles (a nullness checker then sees them), yet nothing needs the annotations at run time.
 */
module dev.handoff {
  requires static transitive org.jspecify;

  exports dev.handoff;
  exports dev.handoff.model;
  exports dev.handoff.spi;

  // Handoff.create(HandoffConfig) finds the transport each adapter module provides.
  uses dev.handoff.spi.TransportProvider;
}
