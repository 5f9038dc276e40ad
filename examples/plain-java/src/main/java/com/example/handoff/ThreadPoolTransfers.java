package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.model.HandoffException;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many warm transfers at once with Handoff's blocking API, from a classic fixed thread pool (Java
 * 17). Each pool thread waits for Plivo's answer; one shared {@link Handoff} serves them all.
 */
public final class ThreadPoolTransfers implements AutoCloseable {
  private final Handoff handoff;
  private final ExecutorService pool;

  public ThreadPoolTransfers(Handoff handoff, int threads) {
    this.handoff = handoff;
    this.pool = Executors.newFixedThreadPool(threads);
  }

  /** Performs every transfer; the outcomes come back in the order of {@code transfers}. */
  public List<TransferOutcome> transferAll(List<WarmTransfer> transfers)
      throws InterruptedException {
    List<Future<Receipt>> futures = new ArrayList<>();
    for (WarmTransfer transfer : transfers) {
      futures.add(pool.submit(() -> handoff.warmTransfer(transfer)));
    }
    List<TransferOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < transfers.size(); i++) {
      outcomes.add(TransferOutcome.of(transfers.get(i), futures.get(i)));
    }
    return outcomes;
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  /** One transfer's result: Plivo's receipt, or why it failed. */
  public record TransferOutcome(WarmTransfer transfer, Receipt receipt, HandoffException failure) {
    static TransferOutcome of(WarmTransfer transfer, Future<Receipt> future)
        throws InterruptedException {
      try {
        return new TransferOutcome(transfer, future.get(), null);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof HandoffException failure) {
          return new TransferOutcome(transfer, null, failure);
        }
        throw new IllegalStateException("unexpected failure of " + transfer, e.getCause());
      }
    }

    public boolean succeeded() {
      return receipt != null;
    }
  }
}
