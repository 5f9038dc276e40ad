package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.junit5.HandoffConfigurer;
import dev.handoff.testkit.junit5.HandoffFactory;
import java.time.Duration;

/**
 * {@link ServerSuite} again, with its own factory: its configurer runs after the suite's, and has
 * the last word.
 */
class ServerSuiteWithItsOwnTimeoutTest extends ServerSuite {
  private static final Duration OWN_TIMEOUT = Duration.ofSeconds(3);

  @HandoffFactory
  Handoff handoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }

  @HandoffConfigurer
  static void ownTimeout(HandoffConfig.Builder config) {
    config.timeout(OWN_TIMEOUT);
  }

  @Override
  Duration expectedTimeout() {
    return OWN_TIMEOUT;
  }
}
