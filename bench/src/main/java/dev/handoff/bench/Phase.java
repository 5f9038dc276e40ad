package dev.handoff.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One measured phase: a target driven at a fixed number of requests in flight, blocking (that many
 * threads, each sending one request after another) or asynchronous (that many chains of futures,
 * each sending the next request when the previous answer arrives), for a duration or a number of
 * requests, whichever ends first.
 *
 * <p>Measures requests per second, latency (HdrHistogram, from send to answer), process CPU time
 * ({@code OperatingSystemMXBean.getProcessCpuTime}) and bytes allocated by every thread of this JVM
 * ({@code ThreadMXBean.getThreadAllocatedBytes}, snapshot before and after, the phase's own threads
 * still alive), both per request.
 */
final class Phase {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Blocking or asynchronous. */
  enum Mode {
    BLOCKING,
    ASYNC;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What one phase measured. */
  record Result(
      long ops,
      long errors,
      double seconds,
      double opsPerSecond,
      double p50Micros,
      double p99Micros,
      double p999Micros,
      double cpuMicrosPerOp,
      double bytesPerOp,
      double timerCpuMicrosPerOp,
      String firstError,
      double jitCpuMicrosPerOp) {

    /**
     * CPU µs per request without the JIT compilers' (which compile a new path once, not per
     * request): what the observability overhead is judged on. GC and every other thread stay in.
     */
    double steadyCpuMicrosPerOp() {
      return cpuMicrosPerOp - jitCpuMicrosPerOp;
    }
  }

  private final Target target;
  private final Mode mode;
  private final int inFlight;
  private final long durationNanos;
  private final long maxOps;

  private final Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private volatile long deadline;

  Phase(Target target, Mode mode, int inFlight, long durationNanos, long maxOps) {
    this.target = target;
    this.mode = mode;
    this.inFlight = inFlight;
    this.durationNanos = durationNanos;
    this.maxOps = maxOps;
  }

  Result run() throws InterruptedException {
    return mode == Mode.BLOCKING ? runBlocking() : runAsync();
  }

  private boolean next() {
    return System.nanoTime() < deadline && issued.incrementAndGet() <= maxOps;
  }

  private void done(long startNanos, Throwable failure) {
    long now = System.nanoTime();
    if (failure == null) {
      latencies.recordValue(Math.min(now - startNanos, TimeUnit.SECONDS.toNanos(60)));
      completed.incrementAndGet();
    } else {
      errors.incrementAndGet();
      firstError.compareAndSet(null, failure.toString());
    }
  }

  private Result runBlocking() throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(inFlight);
    CountDownLatch release = new CountDownLatch(1);
    Thread[] workers = new Thread[inFlight];
    for (int i = 0; i < inFlight; i++) {
      workers[i] =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (next()) {
                    long t0 = System.nanoTime();
                    try {
                      target.send();
                      done(t0, null);
                    } catch (Exception | Error e) {
                      done(t0, e);
                    }
                  }
                  finished.countDown();
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bench-caller-" + i);
      workers[i].setDaemon(true);
      workers[i].start();
    }
    Snapshot before = Snapshot.take();
    deadline = before.nanos + durationNanos;
    start.countDown();
    finished.await();
    Snapshot after = Snapshot.take();
    release.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    return result(before, after);
  }

  private Result runAsync() throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(inFlight);
    Snapshot before = Snapshot.take();
    deadline = before.nanos + durationNanos;
    for (int i = 0; i < inFlight; i++) {
      launch(finished);
    }
    finished.await();
    Snapshot after = Snapshot.take();
    return result(before, after);
  }

  /** Sends requests on one chain until the phase ends; the next one when an answer arrives. */
  private void launch(CountDownLatch finished) {
    while (next()) {
      long t0 = System.nanoTime();
      CompletableFuture<?> future;
      try {
        future = target.sendAsync();
      } catch (RuntimeException e) {
        done(t0, e);
        continue;
      }
      if (future.isDone()) {
        // Completed at once (a failure, usually): loop rather than recurse.
        done(t0, failureOf(future));
        continue;
      }
      future.whenComplete(
          (value, failure) -> {
            done(t0, failure);
            launch(finished);
          });
      return;
    }
    finished.countDown();
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.join();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private Result result(Snapshot before, Snapshot after) {
    Histogram histogram = latencies.getIntervalHistogram();
    long ops = completed.get() + errors.get();
    double seconds = (after.nanos - before.nanos) / 1e9;
    long bytes = 0;
    for (Map.Entry<Long, Long> thread : after.allocated.entrySet()) {
      bytes += thread.getValue() - before.allocated.getOrDefault(thread.getKey(), 0L);
    }
    double perOp = Math.max(ops, 1);
    return new Result(
        ops,
        errors.get(),
        seconds,
        ops / seconds,
        histogram.getValueAtPercentile(50) / 1e3,
        histogram.getValueAtPercentile(99) / 1e3,
        histogram.getValueAtPercentile(99.9) / 1e3,
        (after.cpuNanos - before.cpuNanos) / 1e3 / perOp,
        bytes / perOp,
        (after.timerCpuNanos - before.timerCpuNanos) / 1e3 / perOp,
        firstError.get(),
        // A compiler thread that ended between the snapshots takes its time with it: clamped.
        Math.max(
                0,
                Math.min(after.cpuNanos - before.cpuNanos, after.jitCpuNanos - before.jitCpuNanos))
            / 1e3
            / perOp);
  }

  /** The clock, the process CPU time and every live thread's allocated bytes. */
  static final class Snapshot {
    final long nanos;
    final long cpuNanos;
    final Map<Long, Long> allocated;
    final long timerCpuNanos;
    final long jitCpuNanos;

    private Snapshot(
        long nanos,
        long cpuNanos,
        Map<Long, Long> allocated,
        long timerCpuNanos,
        long jitCpuNanos) {
      this.nanos = nanos;
      this.cpuNanos = cpuNanos;
      this.allocated = allocated;
      this.timerCpuNanos = timerCpuNanos;
      this.jitCpuNanos = jitCpuNanos;
    }

    static Snapshot take() {
      long[] ids = THREADS.getAllThreadIds();
      long[] bytes = THREADS.getThreadAllocatedBytes(ids);
      Map<Long, Long> allocated = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        if (bytes[i] >= 0) {
          allocated.put(ids[i], bytes[i]);
        }
      }
      long jit = jitCpuNanos();
      return new Snapshot(
          System.nanoTime(), OS.getProcessCpuTime(), allocated, timerCpuNanos(ids), jit);
    }

    /**
     * CPU time of the JIT compiler threads ({@code C1/C2 CompilerThread*}), which the JVM hides
     * from {@code ThreadMXBean}: read from {@code /proc/self/task/<tid>/stat} (utime + stime, in
     * clock ticks of 10 ms); 0 where there is no {@code /proc}. A target whose code is still being
     * compiled in a measured round pays for it there once, not per request: the observability
     * overhead is judged without it (BENCHMARKS.md).
     */
    private static long jitCpuNanos() {
      Path tasks = Path.of("/proc/self/task");
      if (!Files.isDirectory(tasks)) {
        return 0;
      }
      long ticks = 0;
      try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
        for (Path task : all) {
          try {
            String comm = Files.readString(task.resolve("comm"));
            if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
              String stat = Files.readString(task.resolve("stat"));
              // After "(comm) ": state is field 3; utime and stime are fields 14 and 15.
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
          } catch (IOException | RuntimeException e) {
            // the thread ended while being read: its time is gone from both sides
          }
        }
      } catch (IOException e) {
        return 0;
      }
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /**
     * CPU time of Handoff's deadline timer threads ({@code handoff-timer-*}, one per Handoff), to
     * show what scheduling a deadline per operation costs outside the caller's thread.
     */
    private static long timerCpuNanos(long[] ids) {
      long total = 0;
      java.lang.management.ThreadInfo[] infos = THREADS.getThreadInfo(ids);
      for (int i = 0; i < ids.length; i++) {
        if (infos[i] != null && infos[i].getThreadName().startsWith("handoff-timer-")) {
          total += Math.max(0, THREADS.getThreadCpuTime(ids[i]));
        }
      }
      return total;
    }
  }
}
