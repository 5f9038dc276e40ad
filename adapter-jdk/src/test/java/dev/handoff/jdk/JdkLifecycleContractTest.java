package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LifecycleContract;

/** The lifecycle contract over the JDK transport: its executor's threads end with the Handoff. */
class JdkLifecycleContractTest extends LifecycleContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }

  @Override
  protected boolean isTransportThread(Thread thread) {
    return thread.getName().startsWith(JdkCallControl.THREAD_PREFIX) || isSelector(thread);
  }

  /**
   * On Java 17 to 20 only, the client's selector thread: {@code HttpClient} has no way to stop it
   * before Java 21's {@code shutdownNow()} (which {@code close()} calls where it exists); it ends
   * by itself once the closed client is garbage collected ({@code HttpClientImpl.SelectorManager}
   * checks that its facade is still referenced), which a test cannot wait for honestly. From Java
   * 21 on it must end at {@code close()} like every other thread.
   */
  @Override
  protected boolean isSharedLibraryThread(Thread thread) {
    return Runtime.version().feature() < 21 && isSelector(thread);
  }

  private static boolean isSelector(Thread thread) {
    return thread.getName().matches("HttpClient-\\d+-SelectorManager");
  }
}
