package dev.handoff.bench;

import java.util.concurrent.CompletableFuture;

/** One client under load: sends the seeds' warm transfer, blocking or not. */
interface Target extends AutoCloseable {

  /** Sends one request and waits for its answer; throws if it failed. */
  void send() throws Exception;

  /** Sends one request without blocking; the future fails if it failed. */
  CompletableFuture<?> sendAsync();

  /** Whether {@link #sendAsync()} is native (Plivo's SDK has no asynchronous API). */
  default boolean hasAsync() {
    return true;
  }

  @Override
  void close();
}
