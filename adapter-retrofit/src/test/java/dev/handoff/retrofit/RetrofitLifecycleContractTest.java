package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.LifecycleContract;

/**
 * The lifecycle contract over the Retrofit transport: each Handoff's OkHttp dispatcher threads end
 * with it; OkHttp's {@code TaskRunner} and Okio's watchdog are shared by the whole JVM and idle out
 * by themselves (see {@link RetrofitHandoff}).
 */
class RetrofitLifecycleContractTest extends LifecycleContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }

  /**
   * OkHttp's dispatcher threads: {@code OkHttp Dispatcher} when idle, renamed {@code OkHttp <url>}
   * while they run a call.
   */
  @Override
  protected boolean isTransportThread(Thread thread) {
    return thread.getName().startsWith("OkHttp ") && !isSharedLibraryThread(thread);
  }

  @Override
  protected boolean isSharedLibraryThread(Thread thread) {
    return thread.getName().equals("OkHttp TaskRunner") || thread.getName().equals("Okio Watchdog");
  }
}
