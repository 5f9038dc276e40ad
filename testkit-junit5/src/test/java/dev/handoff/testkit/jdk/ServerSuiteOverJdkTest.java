package dev.handoff.testkit.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import java.time.Duration;

/** {@link ServerSuite}, inherited annotation and all, in one line of transport. */
class ServerSuiteOverJdkTest extends ServerSuite {
  @Override
  Handoff handoff(HandoffConfig config) {
    return JdkCallControl.handoff(config);
  }

  @Override
  Duration expectedTimeout() {
    return SUITE_TIMEOUT;
  }
}
