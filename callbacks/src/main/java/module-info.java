/**
 * Handoff's callbacks: what Plivo sends to the application after a transfer. Verifies Plivo's V3
 * signatures, parses the callbacks into typed records, writes the Plivo XML a transferred leg runs
 * and the callback-retry fragment of a URL. Pure Java: it needs no web framework, only {@code
 * java.xml} for the XML writer and {@code dev.handoff} for the shared values ({@code Credentials},
 * {@code CallUuid}, {@code WebhookUrl}).
 */
module dev.handoff.callbacks {
  requires transitive dev.handoff;
  requires java.xml;

  exports dev.handoff.callbacks;
}
