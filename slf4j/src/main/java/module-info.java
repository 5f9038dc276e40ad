/**
 * Handoff's opt-in logging: {@code dev.handoff.slf4j.Slf4jTransferListener}, a {@code
 * TransferListener} that logs through SLF4J 2. Core itself never logs.
 */
module dev.handoff.slf4j {
  requires transitive dev.handoff;
  requires transitive org.slf4j;
  requires static org.jspecify;

  exports dev.handoff.slf4j;
}
