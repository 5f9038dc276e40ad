package dev.handoff.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** One client under load: sends the seeds' warm transfer, blocking or not. */
interface Target extends AutoCloseable {

  /** Sends one request and waits for its answer; throws if it failed. */
  void send() throws Exception;

  /** Sends one request without blocking; the future fails if it failed. */
  CompletableFuture<?> sendAsync();

  /**
   * The blocking send of a client whose blocking API is "asynchronous, then wait" (Vert.x): waits
   * for {@code answer} and throws what failed it.
   */
  static void await(CompletableFuture<?> answer) throws Exception {
    try {
      answer.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Whether {@link #sendAsync()} is native (Plivo's SDK has no asynchronous API). */
  default boolean hasAsync() {
    return true;
  }

  @Override
  void close();
}
