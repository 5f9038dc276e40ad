package dev.handoff.bench;

import dev.handoff.Handoff;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scale run: N transfers in flight at once through one Handoff, either asynchronously (N
 * futures from one thread) or as N blocking callers on virtual threads (JDK 21+ only; started
 * through {@code Executors.newVirtualThreadPerTaskExecutor}, looked up reflectively so this code
 * compiles with {@code --release 17}). The server delays every answer, so the transfers really are
 * in flight together; the client queues what its connection pool cannot carry at once.
 *
 * <p>Heap growth is the used heap after a full GC taken while the transfers are in flight, minus
 * the used heap after a full GC before they were sent: what N pending transfers retain. Threads are
 * platform threads (virtual threads are not counted by {@code ThreadMXBean}).
 */
final class Scale {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** What one scale run saw. */
  record Result(
      String target,
      String mode,
      int transfers,
      long errors,
      long pendingAtSnapshot,
      double heapGrowthMb,
      double heapAfterMb,
      int threadsBefore,
      int peakThreads,
      double seconds,
      String firstError) {}

  private Scale() {}

  /** Whether this JVM has virtual threads (JDK 21+). */
  static boolean hasVirtualThreads() {
    return Runtime.version().feature() >= 21;
  }

  static Result async(String name, Handoff handoff, int transfers) throws InterruptedException {
    warm(handoff);
    Baseline baseline = Baseline.take();
    Outcome outcome = new Outcome(transfers);
    for (int i = 0; i < transfers; i++) {
      handoff.warmTransferAsync(Seeds.warmTransfer()).whenComplete(outcome::done);
    }
    return outcome.finish(name, "async", transfers, baseline);
  }

  static Result virtualThreads(String name, Handoff handoff, int transfers)
      throws InterruptedException {
    warm(handoff);
    ExecutorService executor = newVirtualThreadPerTaskExecutor();
    Baseline baseline = Baseline.take();
    Outcome outcome = new Outcome(transfers);
    CountDownLatch started = new CountDownLatch(transfers);
    for (int i = 0; i < transfers; i++) {
      executor.execute(
          () -> {
            started.countDown();
            try {
              handoff.warmTransfer(Seeds.warmTransfer());
              outcome.done(null, null);
            } catch (RuntimeException e) {
              outcome.done(null, e);
            }
          });
    }
    started.await();
    Result result = outcome.finish(name, "blocking, virtual threads", transfers, baseline);
    executor.shutdown();
    return result;
  }

  private static void warm(Handoff handoff) {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = 0; i < 2 * Targets.MAX_CONNECTIONS; i++) {
      futures.add(handoff.warmTransferAsync(Seeds.warmTransfer()));
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
  }

  private static ExecutorService newVirtualThreadPerTaskExecutor() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21+", e);
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private record Baseline(long heap, int threads, long nanos) {
    static Baseline take() {
      long heap = usedHeapAfterGc();
      THREADS.resetPeakThreadCount();
      return new Baseline(heap, THREADS.getThreadCount(), System.nanoTime());
    }
  }

  private static final class Outcome {
    final CountDownLatch done;
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();

    Outcome(int transfers) {
      this.done = new CountDownLatch(transfers);
    }

    void done(Object value, Throwable failure) {
      if (failure != null) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, failure.toString());
      }
      done.countDown();
    }

    Result finish(String name, String mode, int transfers, Baseline baseline)
        throws InterruptedException {
      long pending = done.getCount();
      long inFlightHeap = usedHeapAfterGc();
      if (!done.await(120, TimeUnit.SECONDS)) {
        errors.addAndGet(done.getCount());
        firstError.compareAndSet(null, done.getCount() + " transfers never completed");
      }
      double seconds = (System.nanoTime() - baseline.nanos()) / 1e9;
      int peak = THREADS.getPeakThreadCount();
      long after = usedHeapAfterGc();
      return new Result(
          name,
          mode,
          transfers,
          errors.get(),
          pending,
          (inFlightHeap - baseline.heap()) / 1048576.0,
          (after - baseline.heap()) / 1048576.0,
          baseline.threads(),
          peak,
          seconds,
          firstError.get());
    }
  }
}
