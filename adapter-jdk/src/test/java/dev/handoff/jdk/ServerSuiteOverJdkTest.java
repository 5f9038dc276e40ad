package dev.handoff.jdk;

import java.time.Duration;

/**
 * {@link ServerSuite}, inherited annotation and all; the injected Handoff is the discovered JDK
 * transport.
 */
class ServerSuiteOverJdkTest extends ServerSuite {
  @Override
  Duration expectedTimeout() {
    return SUITE_TIMEOUT;
  }
}
