package dev.handoff.bench.jmh;

import com.squareup.moshi.JsonReader;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.bench.Instrumented;
import dev.handoff.micrometer.HandoffMeterObservationHandler;
import dev.handoff.micrometer.HandoffObservation;
import dev.handoff.model.Credentials;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.opentelemetry.HandoffTelemetry;
import dev.handoff.spi.PlivoResponse;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each observability module costs per operation, without any network: a warm transfer over
 * {@link CorePathBenchmark.InstantCallControl} (one attempt, answered at once), with the
 * instrumentation {@link #mode} off or on. Run with {@code java -jar bench/target/handoff-bench.jar
 * jmh -prof gc Observability} (see {@code BENCHMARKS.md}).
 *
 * <ul>
 *   <li>{@code off}: no interceptor;
 *   <li>{@code micrometer}: {@link HandoffObservation} into a {@code SimpleMeterRegistry} as Spring
 *       Boot 4 with the Handoff starter wires it by default: {@link HandoffMeterObservationHandler}
 *       (timers and event counters, no long-task timer) in front of a {@code
 *       DefaultMeterObservationHandler}, the configuration of the load runner's {@code +micrometer}
 *       rows;
 *   <li>{@code micrometer-ltt}: the same with long-task timers ({@code
 *       handoff.metrics.long-task-timers=true});
 *   <li>{@code micrometer-default-handler}: a {@code DefaultMeterObservationHandler} alone (timers,
 *       long-task timers and counters, made by Micrometer's handler: an application without the
 *       starter that registers only Micrometer's);
 *   <li>{@code micrometer-empty-handler}: an observation registry whose only handler does nothing:
 *       what Handoff's interceptors and Micrometer's {@code Observation} cost without any meter;
 *   <li>{@code otel}: {@link HandoffTelemetry} over {@link Instrumented#sdk()}, the OpenTelemetry
 *       SDK of the load runner's {@code +otel} rows (every span sampled, its data taken at its end
 *       and dropped, the histogram kept for a pull reader).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservabilityBenchmark {
  private static final byte[] ANSWER =
      "{\"api_id\":\"b8d4a1c2-6f0e-4d3b-9a57-0c1d2e3f4a5b\",\"error\":\"\"}"
          .getBytes(StandardCharsets.UTF_8);

  /** The instrumentation: see the class's description. */
  @Param({
    "off",
    "micrometer",
    "micrometer-ltt",
    "micrometer-default-handler",
    "micrometer-empty-handler",
    "otel"
  })
  public String mode;

  private WarmTransfer transfer;
  private Handoff handoff;

  /** Builds a Handoff over an instant transport, instrumented as {@link #mode} says. */
  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() throws IOException {
    transfer =
        WarmTransfer.builder()
            .phloId("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10")
            .nodeId("9a2c3b1e-0c1d-4e5f-8a9b-112233445566")
            .triggerSource("+14152223333")
            .to("+14152225555")
            .build();
    Map<String, Object> parsed =
        (Map<String, Object>) JsonReader.of(new Buffer().write(ANSWER)).readJsonValue();
    PlivoResponse created = PlivoResponse.json(201, null, parsed);
    HandoffConfig.Builder builder =
        HandoffConfig.builder(new Credentials("MAZDQ1ZDMXNMEZMTE4NW", "bench-auth-token"));
    switch (mode) {
      case "off" -> {}
      case "micrometer" ->
          observed(Instrumented.meterHandlers(new SimpleMeterRegistry(), false), builder);
      case "micrometer-ltt" ->
          observed(Instrumented.meterHandlers(new SimpleMeterRegistry(), true), builder);
      case "micrometer-default-handler" ->
          observed(new DefaultMeterObservationHandler(new SimpleMeterRegistry()), builder);
      case "micrometer-empty-handler" -> observed(new EmptyHandler(), builder);
      case "otel" -> traced(builder);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    handoff = Handoff.create(new CorePathBenchmark.InstantCallControl(created), builder.build());
  }

  private static void observed(ObservationHandler<?> handler, HandoffConfig.Builder builder) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(handler);
    HandoffObservation.create(registry).register(builder, "bench");
  }

  private static void traced(HandoffConfig.Builder builder) {
    HandoffTelemetry.create(Instrumented.sdk()).register(builder, "bench");
  }

  /** Closes the Handoff. */
  @TearDown
  public void tearDown() {
    handoff.close();
  }

  /** One warm transfer, asynchronously (the future is already complete when it returns). */
  @Benchmark
  public Receipt async() {
    return handoff.warmTransferAsync(transfer).join();
  }

  /** One warm transfer through the blocking form, its attempt on the caller's thread. */
  @Benchmark
  public Receipt blocking() {
    return handoff.warmTransfer(transfer);
  }

  /**
   * The same modes measured by the calling thread's CPU time instead of JMH's wall clock, for a
   * shared machine where other processes take the cores (JMH's averages moved 10× there): {@code
   * java -cp bench/target/handoff-bench.jar dev.handoff.bench.jmh.ObservabilityBenchmark [async|
   * blocking] [operations per round] [rounds] [callers]}; with more than one caller, see {@link
   * #concurrently}. Rounds interleave the modes; it prints the median CPU ns and allocated bytes
   * per operation of each. Only the calling thread is counted: with an instant transport every step
   * of an operation runs there.
   */
  public static void main(String[] args) throws IOException {
    boolean blocking = args.length > 0 && args[0].equals("blocking");
    int operations = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 11;
    int callers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String[] modes = modes();
    if (callers > 1) {
      concurrently(modes, blocking, callers, rounds);
      return;
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    ObservabilityBenchmark[] benchmarks = setUpAll(modes);
    double[][] cpu = new double[modes.length][rounds];
    double[][] bytes = new double[modes.length][rounds];
    for (int round = -3; round < rounds; round++) { // three rounds of warm-up
      for (int i = 0; i < modes.length; i++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < operations; k++) {
          if (blocking) {
            benchmarks[i].blocking();
          } else {
            benchmarks[i].async();
          }
        }
        if (round >= 0) {
          cpu[i][round] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) operations;
          bytes[i][round] =
              (threads.getCurrentThreadAllocatedBytes() - bytes0) / (double) operations;
        }
      }
    }
    for (int i = 0; i < modes.length; i++) {
      java.util.Arrays.sort(cpu[i]);
      java.util.Arrays.sort(bytes[i]);
      System.out.printf(
          java.util.Locale.ROOT,
          "%-25s %-8s CPU %6.0f ns/op (min %6.0f, max %6.0f), %6.0f B/op, +%5.0f ns/op over off%n",
          modes[i],
          blocking ? "blocking" : "async",
          cpu[i][rounds / 2],
          cpu[i][0],
          cpu[i][rounds - 1],
          bytes[i][rounds / 2],
          cpu[i][rounds / 2] - cpu[0][rounds / 2]);
      benchmarks[i].tearDown();
    }
  }

  /**
   * The modes with {@code callers} threads calling at once (the load runner's 64 blocking callers,
   * without the network), each round 1.5 s per mode, measured by the process's CPU time per
   * operation (so contention, the JIT and the GC are in it): {@code ... ObservabilityBenchmark
   * blocking 0 7 64}.
   */
  private static void concurrently(String[] modes, boolean blocking, int callers, int rounds)
      throws IOException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    ObservabilityBenchmark[] benchmarks = setUpAll(modes);
    double[][] cpu = new double[modes.length][rounds];
    for (int round = -2; round < rounds; round++) { // two rounds of warm-up
      for (int i = 0; i < modes.length; i++) {
        ObservabilityBenchmark benchmark = benchmarks[i];
        java.util.concurrent.atomic.AtomicBoolean stop =
            new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.CountDownLatch running =
            new java.util.concurrent.CountDownLatch(callers);
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
          threads[t] =
              new Thread(
                  () -> {
                    running.countDown();
                    while (!stop.get()) {
                      if (blocking) {
                        benchmark.blocking();
                      } else {
                        benchmark.async();
                      }
                      done.increment();
                    }
                  });
          threads[t].start();
        }
        try {
          running.await();
          long cpu0 = os.getProcessCpuTime();
          long done0 = done.sum();
          Thread.sleep(1_500);
          long cpu1 = os.getProcessCpuTime();
          long done1 = done.sum();
          stop.set(true);
          for (Thread thread : threads) {
            thread.join();
          }
          if (round >= 0) {
            cpu[i][round] = (cpu1 - cpu0) / (double) (done1 - done0);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
    for (int i = 0; i < modes.length; i++) {
      java.util.Arrays.sort(cpu[i]);
      System.out.printf(
          java.util.Locale.ROOT,
          "%-26s %-8s %3d callers, process CPU %6.0f ns/op (min %6.0f, max %6.0f), +%5.0f ns/op over off%n",
          modes[i],
          blocking ? "blocking" : "async",
          callers,
          cpu[i][rounds / 2],
          cpu[i][0],
          cpu[i][rounds - 1],
          cpu[i][rounds / 2] - cpu[0][rounds / 2]);
      benchmarks[i].tearDown();
    }
  }

  /**
   * The modes of {@link #mode}'s {@code @Param}, "off" first: one list for JMH and {@link #main}.
   */
  private static String[] modes() {
    try {
      return ObservabilityBenchmark.class.getField("mode").getAnnotation(Param.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("no field mode", e);
    }
  }

  /** One benchmark per mode, set up. */
  private static ObservabilityBenchmark[] setUpAll(String[] modes) throws IOException {
    ObservabilityBenchmark[] benchmarks = new ObservabilityBenchmark[modes.length];
    for (int i = 0; i < modes.length; i++) {
      benchmarks[i] = new ObservabilityBenchmark();
      benchmarks[i].mode = modes[i];
      benchmarks[i].setUp();
    }
    return benchmarks;
  }

  /** Supports every context and does nothing: the observation's own cost, no meter. */
  private static final class EmptyHandler implements ObservationHandler<Observation.Context> {
    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }
}
