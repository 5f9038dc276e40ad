package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.model.HandoffException;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Warm transfers with Handoff's plain blocking API, one virtual thread each (Java 21+): the code
 * reads top to bottom, and a waiting transfer costs no platform thread.
 */
public final class VirtualThreadTransfers {
  private final Handoff handoff;

  public VirtualThreadTransfers(Handoff handoff) {
    this.handoff = handoff;
  }

  /** Performs every transfer; outcomes come back in the order of {@code transfers}. */
  public List<Outcome> transferAll(List<WarmTransfer> transfers) throws InterruptedException {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Receipt>> futures =
          transfers.stream().map(t -> threads.submit(() -> handoff.warmTransfer(t))).toList();
      return futures.stream().map(Outcome::of).toList();
    }
  }

  /** Plivo's receipt, or why the transfer failed. */
  public sealed interface Outcome {
    record Accepted(Receipt receipt) implements Outcome {}

    record Failed(HandoffException failure) implements Outcome {}

    static Outcome of(Future<Receipt> future) {
      try {
        return new Accepted(future.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof HandoffException failure) {
          return new Failed(failure);
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
