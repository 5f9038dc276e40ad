package dev.handoff.bench;

import dev.handoff.bench.Phase.Mode;
import dev.handoff.bench.Phase.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The load runner: starts the fixed-answer server in a separate JVM, then drives every client
 * (Handoff's transports, the raw clients they ride on, Plivo's SDK) one at a time, 64 and 1,024 in
 * flight, blocking and asynchronously, with warm-up and several rounds, and reports medians, the
 * ratios Handoff ÷ raw client, start-up time and the scale run. See {@code BENCHMARKS.md}.
 *
 * <p>{@code java -jar handoff-bench.jar jmh ...} runs the JMH benchmarks instead.
 */
public final class LoadRunner {
  private final Options options;
  private final StringBuilder report = new StringBuilder();
  private long failures;

  private LoadRunner(Options options) {
    this.options = options;
  }

  /**
   * Runs the benchmarks; exits with status 1 if any request failed.
   *
   * @param args see {@code --help}
   * @throws Exception if the server cannot start or a result cannot be written
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("fleet")) {
      FleetBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(Options.USAGE);
      return;
    }
    System.setProperty("java.awt.headless", "true");
    long failures = new LoadRunner(Options.parse(args)).run();
    System.out.flush();
    System.exit(failures == 0 ? 0 : 1);
  }

  private record Key(String target, Mode mode, int inFlight) {}

  /** The fixed-answer server of the load phases, asked how many connections each opened. */
  private @org.jspecify.annotations.Nullable ServerProcess server;

  /**
   * Connections each client opened in its measured rounds of each phase, summed, and the requests
   * those rounds completed: BENCHMARKS.md's target is no more connections than calls in flight.
   */
  private final Map<Key, long[]> connections = new LinkedHashMap<>();

  private long run() throws Exception {
    Files.createDirectories(options.out);
    line("# Handoff load run" + (options.smoke ? " (smoke: timings meaningless)" : ""));
    line("");
    line(environment());
    line("");
    List<String> targets = new ArrayList<>();
    for (String target : options.targets) {
      if (Targets.available(target)) {
        targets.add(target);
      } else {
        line("- " + target + ": not on this classpath, skipped");
      }
    }
    Map<Key, Result> medians = new LinkedHashMap<>();
    List<String[]> startup = new ArrayList<>();
    List<Scale.Result> scale = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(0)) {
      this.server = server;
      medians = load(server.port, targets);
      startup = startup(server.port, targets);
    }
    this.server = null;
    try (ServerProcess wrong = ServerProcess.start(0, true)) {
      bodyChecks(wrong.port, targets);
    }
    if (options.scale) {
      try (ServerProcess slow = ServerProcess.start(options.scaleDelayMs)) {
        scale = scale(slow.port, targets);
      }
    }
    writeLoadTable(medians, targets);
    writeStartup(startup);
    writeScale(scale);
    writeVerdicts(medians, startup, scale);
    chart(medians, targets);
    Files.writeString(options.out.resolve("results.md"), report.toString());
    writeCsv(medians);
    System.out.println();
    System.out.println(report);
    System.out.println("written to " + options.out.toAbsolutePath());
    if (failures > 0) {
      System.out.println("FAILED: " + failures + " requests failed");
    }
    return failures;
  }

  private String environment() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%s; Java %s (%s); %d cores; max heap %d MB; load average at start %.2f; %s. Server: a"
            + " separate JVM (Vert.x, 1 event loop) on 127.0.0.1. Warm-up %.2f s, %d round(s) of"
            + " %.2f s per client and scenario, medians.",
        DateTimeFormatter.ISO_LOCAL_DATE_TIME
                .format(Instant.now().atOffset(ZoneOffset.UTC))
                .substring(0, 19)
            + "Z",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        runtime.availableProcessors(),
        runtime.maxMemory() / 1048576,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        options.warmupSeconds,
        options.rounds,
        options.roundSeconds);
  }

  private Map<Key, Result> load(int port, List<String> names) throws Exception {
    threads(port, names);
    Map<String, Target> targets = new LinkedHashMap<>();
    for (String name : names) {
      targets.put(name, Targets.create(name, port));
    }
    Map<Key, Result> medians = new LinkedHashMap<>();
    try {
      for (int inFlight : options.inFlight) {
        for (Mode mode : Mode.values()) {
          List<String> here = new ArrayList<>();
          for (Map.Entry<String, Target> target : targets.entrySet()) {
            if (mode == Mode.BLOCKING || target.getValue().hasAsync()) {
              here.add(target.getKey());
            }
          }
          Map<String, List<Result>> rounds = new LinkedHashMap<>();
          for (String name : here) {
            progress(name, mode, inFlight, "warm-up");
            measure(targets.get(name), mode, inFlight, options.warmupSeconds);
            rounds.put(name, new ArrayList<>());
          }
          // Rounds interleave the clients, so background load hits them all alike; every other
          // round runs them in reverse order, so that no client always follows the same one (and
          // pays for the garbage it left) or always comes first after the warm-up.
          for (int round = 0; round < options.rounds; round++) {
            List<String> order = new ArrayList<>(here);
            if (round % 2 == 1) {
              java.util.Collections.reverse(order);
            }
            for (String name : order) {
              long before = server == null ? 0 : server.connections();
              Result result = measure(targets.get(name), mode, inFlight, options.roundSeconds);
              long opened = server == null ? 0 : server.connections() - before;
              long[] sum =
                  connections.computeIfAbsent(new Key(name, mode, inFlight), k -> new long[2]);
              sum[0] += opened;
              sum[1] += result.ops();
              progress(name, mode, inFlight, summary(result));
              rounds.get(name).add(result);
            }
          }
          for (String name : here) {
            medians.put(new Key(name, mode, inFlight), median(rounds.get(name)));
            perRound.put(new Key(name, mode, inFlight), rounds.get(name));
          }
        }
      }
    } finally {
      for (Target target : targets.values()) {
        target.close();
      }
    }
    return medians;
  }

  /**
   * How many threads each Handoff target has started once it sent 64 transfers at once, each target
   * alone: an instrumented one must start no more than its uninstrumented base (issue 18). Counted
   * on a second pass: the first starts what the JVM and the clients start once per process (shared
   * pools), which would otherwise be charged to whichever target came first. OkHttp's dispatcher
   * threads ({@code OkHttp …}) are left out: that pool grows with how the 64 calls happened to
   * overlap (18 to 28 threads for the same target in two runs), which would hide or fake an extra
   * thread. So are the JDK transport's executor threads ({@code handoff-jdk-…}), a cached pool that
   * grows the same way (20 to 25 threads for the same target in one run). So are Vert.x's event
   * loops ({@code vert.x-eventloop-thread-…}): Vert.x starts each on the first task given to its
   * loop, and which loops a target touches is Vert.x's round robin (whether the loop its requests
   * run on is also the one of the HTTP client's pool timer): 3 or 4 threads for the same
   * configuration. No instrumentation can start a Vert.x event loop of its own. And so is Netty's
   * process-wide {@code globalEventExecutor-…}, which closing the previous target's {@code Vertx}
   * starts and which ends after a second of quiet, inside whichever target is counted next. Every
   * other thread a target starts counts.
   */
  private void threads(int port, List<String> names) throws Exception {
    Map<String, Integer> started = new LinkedHashMap<>();
    for (int pass = 0; pass < 2; pass++) {
      started.clear();
      for (String name : names) {
        if (!Targets.isHandoff(name)) {
          continue;
        }
        int before = countedThreads();
        try (Target target = Targets.create(name, port)) {
          List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
          for (int i = 0; i < 64; i++) {
            sent.add(target.sendAsync());
          }
          for (java.util.concurrent.CompletableFuture<?> future : sent) {
            future.join();
          }
          started.put(name, countedThreads() - before);
        }
        Thread.sleep(200); // let the closed target's threads end before the next count
      }
    }
    threadCounts = started;
  }

  private Map<String, Integer> threadCounts = Map.of();

  /** Live threads but the elastic and process-wide pools {@link #threads} names. */
  private static int countedThreads() {
    int counted = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (thread.isAlive()
          && !name.startsWith("OkHttp ")
          && !name.startsWith("handoff-jdk-")
          && !name.startsWith("vert.x-eventloop-thread-")
          && !name.startsWith("globalEventExecutor-")) {
        counted++;
      }
    }
    return counted;
  }

  /** Every measured round of each client and scenario, in round order (for paired ratios). */
  private final Map<Key, List<Result>> perRound = new LinkedHashMap<>();

  /** The targets that took a wrong answer for the fixed one, with how: empty if none did. */
  private final List<String> acceptedWrongAnswer = new ArrayList<>();

  private int bodyChecked;

  /**
   * Every target against a server whose 201s carry another {@code api_id}: each must fail each
   * request, blocking and (where it has one) asynchronously, which proves that every row reads and
   * checks its body; a row that took such an answer counts as a failed request (the smoke run
   * fails).
   */
  private void bodyChecks(int port, List<String> names) {
    for (String name : names) {
      try (Target target = Targets.create(name, port)) {
        bodyChecked++;
        boolean blockingFailed;
        try {
          target.send();
          blockingFailed = false;
        } catch (Exception expected) {
          blockingFailed = true;
        }
        if (!blockingFailed) {
          acceptedWrongAnswer.add(name + " blocking");
        }
        if (target.hasAsync()) {
          boolean asyncFailed;
          try {
            target.sendAsync().get(30, java.util.concurrent.TimeUnit.SECONDS);
            asyncFailed = false;
          } catch (java.util.concurrent.ExecutionException expected) {
            asyncFailed = true;
          } catch (Exception e) {
            asyncFailed = false; // a timeout or an interrupt is no check
          }
          if (!asyncFailed) {
            acceptedWrongAnswer.add(name + " async");
          }
        }
      }
    }
    failures += acceptedWrongAnswer.size();
    System.err.println(
        "body check: " + bodyChecked + " targets, accepted a wrong answer: " + acceptedWrongAnswer);
  }

  private Result measure(Target target, Mode mode, int inFlight, double seconds)
      throws InterruptedException {
    Result result = new Phase(target, mode, inFlight, (long) (seconds * 1e9), Long.MAX_VALUE).run();
    failures += result.errors();
    if (result.firstError() != null) {
      System.err.println("  errors: " + result.errors() + ", first: " + result.firstError());
    }
    return result;
  }

  private static void progress(String name, Mode mode, int inFlight, String what) {
    System.err.printf(Locale.ROOT, "%-17s %-8s %5d  %s%n", name, mode.label(), inFlight, what);
  }

  private static String summary(Result r) {
    return String.format(
        Locale.ROOT,
        "%,.0f req/s, p50 %.0f µs, %.1f KB/req, %.1f CPU µs/req (deadline timer %.1f), %d errors",
        r.opsPerSecond(),
        r.p50Micros(),
        r.bytesPerOp() / 1024,
        r.cpuMicrosPerOp(),
        r.timerCpuMicrosPerOp(),
        r.errors());
  }

  private static Result median(List<Result> rounds) {
    return new Result(
        rounds.stream().mapToLong(Result::ops).sum(),
        rounds.stream().mapToLong(Result::errors).sum(),
        rounds.stream().mapToDouble(Result::seconds).sum(),
        median(rounds, Result::opsPerSecond),
        median(rounds, Result::p50Micros),
        median(rounds, Result::p99Micros),
        median(rounds, Result::p999Micros),
        median(rounds, Result::cpuMicrosPerOp),
        median(rounds, Result::bytesPerOp),
        median(rounds, Result::timerCpuMicrosPerOp),
        rounds.stream().map(Result::firstError).filter(e -> e != null).findFirst().orElse(null),
        median(rounds, Result::jitCpuMicrosPerOp));
  }

  private static double median(List<Result> rounds, ToDoubleFunction<Result> metric) {
    double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** JVM start to first completed transfer, per client, in fresh JVMs; medians in ms. */
  private List<String[]> startup(int port, List<String> names) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String name : names) {
      List<Double> millis = new ArrayList<>();
      for (int run = 0; run < options.startupRuns; run++) {
        Double ms = firstTransferMillis(name, port);
        if (ms == null) {
          failures++;
        } else {
          millis.add(ms);
        }
      }
      millis.sort(Comparator.naturalOrder());
      double median = millis.isEmpty() ? Double.NaN : millis.get(millis.size() / 2);
      System.err.printf(Locale.ROOT, "%-17s start-up %.0f ms %s%n", name, median, millis);
      rows.add(new String[] {name, String.valueOf(median)});
    }
    return rows;
  }

  private static Double firstTransferMillis(String name, int port) throws IOException {
    List<String> command =
        List.of(
            ServerProcess.javaExecutable(),
            "-cp",
            System.getProperty("java.class.path"),
            FirstTransfer.class.getName(),
            name,
            String.valueOf(port));
    Instant start = Instant.now();
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;
    Double result = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("DONE ")) {
          result = (Long.parseLong(line.substring(5).trim()) - startMicros) / 1e3;
        }
      }
    }
    try {
      if (process.waitFor() != 0) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return result;
  }

  private List<Scale.Result> scale(int port, List<String> names) throws Exception {
    List<Scale.Result> results = new ArrayList<>();
    for (String name : names) {
      if (!Targets.isHandoff(name)) {
        continue;
      }
      try (Targets.HandoffTarget target = (Targets.HandoffTarget) Targets.create(name, port)) {
        results.add(Scale.async(name, target.handoff(), options.scaleTransfers));
      }
      if (Scale.hasVirtualThreads()) {
        try (Targets.HandoffTarget target = (Targets.HandoffTarget) Targets.create(name, port)) {
          results.add(Scale.virtualThreads(name, target.handoff(), options.scaleTransfers));
        }
      }
    }
    for (Scale.Result result : results) {
      failures += result.errors();
      System.err.println(result);
    }
    return results;
  }

  private void writeLoadTable(Map<Key, Result> medians, List<String> targets) {
    line("");
    line("## Throughput, latency, CPU and allocation (medians of rounds)");
    line("");
    line(
        "| mode | in flight | client | req/s | p50 µs | p99 µs | p99.9 µs | CPU µs/req |"
            + " of which timer thread | KB alloc/req | errors | req/s ÷ raw | alloc ÷ raw |"
            + " connections opened (rounds) | per 50k req |");
    line(
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            + " ---: | ---: | ---: |");
    for (Map.Entry<Key, Result> entry : medians.entrySet()) {
      Key key = entry.getKey();
      Result r = entry.getValue();
      String raw = Targets.rawClientOf(key.target());
      Result base = raw == null ? null : medians.get(new Key(raw, key.mode(), key.inFlight()));
      line(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %,.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f | %d | %s | %s |"
                  + " %d | %.0f |",
              key.mode().label(),
              key.inFlight(),
              key.target(),
              r.opsPerSecond(),
              r.p50Micros(),
              r.p99Micros(),
              r.p999Micros(),
              r.cpuMicrosPerOp(),
              r.timerCpuMicrosPerOp(),
              r.bytesPerOp() / 1024,
              r.errors(),
              base == null ? "" : ratio(r.opsPerSecond(), base.opsPerSecond()),
              base == null ? "" : ratio(r.bytesPerOp(), base.bytesPerOp()),
              opened(key)[0],
              opened(key)[1] == 0 ? 0.0 : opened(key)[0] * 50_000.0 / opened(key)[1]));
    }
  }

  private long[] opened(Key key) {
    return connections.getOrDefault(key, new long[2]);
  }

  private void writeStartup(List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    line("");
    line(
        "## JVM start to first completed transfer (median of "
            + options.startupRuns
            + " fresh JVMs)");
    line("");
    line("| client | ms | ÷ raw |");
    line("| --- | ---: | ---: |");
    Map<String, Double> byName = startupByName(rows);
    for (Map.Entry<String, Double> entry : byName.entrySet()) {
      String raw = Targets.rawClientOf(entry.getKey());
      Double base = raw == null ? null : byName.get(raw);
      line(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %s |",
              entry.getKey(),
              entry.getValue(),
              base == null ? "" : ratio(entry.getValue(), base)));
    }
  }

  private static Map<String, Double> startupByName(List<String[]> rows) {
    Map<String, Double> byName = new LinkedHashMap<>();
    for (String[] row : rows) {
      byName.put(row[0], Double.valueOf(row[1]));
    }
    return byName;
  }

  private void writeScale(List<Scale.Result> results) {
    line("");
    line("## Scale run");
    line("");
    if (results.isEmpty()) {
      line("Not run.");
      return;
    }
    line(
        "Server answers after "
            + options.scaleDelayMs
            + " ms. Heap growth: used heap after a full GC while the transfers are in flight, minus"
            + " before. Threads: platform threads.");
    line("");
    line(
        "| transport | callers | transfers | errors | pending at snapshot | heap growth MB |"
            + " heap after, MB | threads before | peak threads | seconds |");
    line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Scale.Result r : results) {
      line(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %d | %,d | %.1f | %.1f | %d | %d | %.1f |",
              r.target(),
              r.mode(),
              r.transfers(),
              r.errors(),
              r.pendingAtSnapshot(),
              r.heapGrowthMb(),
              r.heapAfterMb(),
              r.threadsBefore(),
              r.peakThreads(),
              r.seconds()));
    }
    if (!Scale.hasVirtualThreads()) {
      line("");
      line("Blocking callers on virtual threads: skipped, this JVM is older than 21.");
    }
  }

  private void writeVerdicts(
      Map<Key, Result> medians, List<String[]> startup, List<Scale.Result> scale) {
    line("");
    line("## Targets");
    line("");
    for (Mode mode : Mode.values()) {
      for (int n : List.of(1, 64)) {
        check(medians, Targets.RETROFIT, Targets.OKHTTP, mode, n, 0.90, "req/s", true);
      }
    }
    for (Mode mode : Mode.values()) {
      for (int n : options.inFlight) {
        allocation(medians, mode, n);
      }
    }
    for (Mode mode : Mode.values()) {
      for (int n : List.of(64, 1024)) {
        check(medians, Targets.VERTX, Targets.VERTX_WEB_CLIENT, mode, n, 0.90, "req/s", true);
      }
    }
    // Not a target of the issue: the Vert.x transport over the client it actually rides on.
    for (Mode mode : Mode.values()) {
      for (int n : List.of(64, 1024)) {
        info(medians, Targets.VERTX, Targets.VERTX_HTTP_CLIENT, mode, n);
      }
    }
    // Issue 15: the JDK transport beside HttpClient alone, same run.
    for (Mode mode : Mode.values()) {
      for (int n : List.of(1, 64)) {
        check(medians, Targets.JDK, Targets.JDK_HTTP_CLIENT, mode, n, 0.90, "req/s", true);
      }
    }
    // Issue 15: the Retrofit transport's tail beside OkHttp alone with a pool sized to the load.
    for (Mode mode : Mode.values()) {
      p99(medians, Targets.RETROFIT, Targets.OKHTTP, mode, 64, 1.5);
    }
    // Both SDK rows: the dependencies a user resolves (OkHttp 3.6) and the OkHttp 4 variant.
    for (String sdk : List.of(Targets.PLIVO_SDK, Targets.PLIVO_SDK_OKHTTP4)) {
      for (String transport : List.of(Targets.RETROFIT, Targets.VERTX)) {
        check(medians, transport, sdk, Mode.BLOCKING, 1, 10, "req/s", true);
      }
      check(medians, Targets.VERTX, sdk, Mode.BLOCKING, 64, 2.5, "req/s", true);
    }
    connectionVerdicts(medians);
    if (bodyChecked > 0) {
      verdict(
          acceptedWrongAnswer.isEmpty(),
          bodyChecked
              + " targets fail a 201 without the fixed answer's api_id, blocking and async"
              + (acceptedWrongAnswer.isEmpty() ? "" : "; accepted it: " + acceptedWrongAnswer));
    }
    for (Map.Entry<String, Integer> count : threadCounts.entrySet()) {
      String base = Targets.uninstrumentedOf(count.getKey());
      Integer theirs = base == null ? null : threadCounts.get(base);
      if (theirs != null) {
        verdict(
            count.getValue() <= theirs,
            String.format(
                Locale.ROOT,
                "%s starts no extra thread: %d vs %d threads for %s (OkHttp's dispatcher, the"
                    + " JDK transport's executor, Vert.x's event loops and Netty's global"
                    + " executor left out)",
                count.getKey(),
                count.getValue(),
                theirs,
                base));
      }
    }
    // Issue 18: instrumentation on costs at most 10% more CPU per request than off, same run.
    for (String target : medians.keySet().stream().map(Key::target).distinct().toList()) {
      String base = Targets.uninstrumentedOf(target);
      if (base == null) {
        continue;
      }
      for (Mode mode : Mode.values()) {
        for (int n : options.inFlight) {
          overhead(medians, target, base, mode, n);
        }
      }
    }
    Map<String, Double> start = startupByName(startup);
    for (String transport : List.of(Targets.RETROFIT, Targets.VERTX, Targets.JDK)) {
      Double mine = start.get(transport);
      Double raw = start.get(Targets.rawClientOf(transport));
      if (mine != null && raw != null) {
        verdict(
            mine <= 1.2 * raw,
            String.format(
                Locale.ROOT,
                "%s start-up ≤ 1.2 × %s: %.0f ms vs %.0f ms = %s",
                transport,
                Targets.rawClientOf(transport),
                mine,
                raw,
                ratio(mine, raw)));
      }
    }
    for (Scale.Result r : scale) {
      verdict(
          r.errors() == 0 && r.heapGrowthMb() < 64 && r.peakThreads() - r.threadsBefore() < 512,
          String.format(
              Locale.ROOT,
              "%s %s, %,d in flight: %d errors, heap growth %.1f MB (< 64), peak %d platform"
                  + " threads (%d before)",
              r.target(),
              r.mode(),
              r.transfers(),
              r.errors(),
              r.heapGrowthMb(),
              r.peakThreads(),
              r.threadsBefore()));
    }
  }

  private void check(
      Map<Key, Result> medians,
      String target,
      String base,
      Mode mode,
      int inFlight,
      double factor,
      String what,
      boolean atLeast) {
    Result mine = medians.get(new Key(target, mode, inFlight));
    Result theirs = medians.get(new Key(base, mode, inFlight));
    if (mine == null || theirs == null) {
      return;
    }
    double ratio = mine.opsPerSecond() / theirs.opsPerSecond();
    verdict(
        atLeast ? ratio >= factor : ratio <= factor,
        String.format(
            Locale.ROOT,
            "%s ≥ %s × %s, %s, %d in flight: %,.0f vs %,.0f %s = %s",
            target,
            factor,
            base,
            mode.label(),
            inFlight,
            mine.opsPerSecond(),
            theirs.opsPerSecond(),
            what,
            ratio(mine.opsPerSecond(), theirs.opsPerSecond())));
  }

  /**
   * Issue 15: in every phase, a row opens no more connections than the calls it runs at once (the
   * requests in flight, capped by its own limit, {@link Targets#connectionLimit}).
   */
  private void connectionVerdicts(Map<Key, Result> medians) {
    for (Key key : medians.keySet()) {
      long[] counts = opened(key);
      int limit = Targets.connectionLimit(key.target(), key.mode());
      int cap = Math.min(key.inFlight(), limit);
      verdict(
          counts[0] <= cap,
          String.format(
              Locale.ROOT,
              "%s connections opened ≤ concurrency, %s, %d in flight: %,d opened in %,d requests"
                  + " (≤ %d%s)",
              key.target(),
              key.mode().label(),
              key.inFlight(),
              counts[0],
              counts[1],
              cap,
              limit < key.inFlight() ? ", its limit" : ""));
    }
  }

  private void p99(
      Map<Key, Result> medians, String target, String base, Mode mode, int n, double factor) {
    Result mine = medians.get(new Key(target, mode, n));
    Result theirs = medians.get(new Key(base, mode, n));
    if (mine == null || theirs == null) {
      return;
    }
    verdict(
        mine.p99Micros() <= factor * theirs.p99Micros(),
        String.format(
            Locale.ROOT,
            "%s p99 ≤ %s × %s p99, %s, %d in flight: %.0f vs %.0f µs = %s",
            target,
            factor,
            base,
            mode.label(),
            n,
            mine.p99Micros(),
            theirs.p99Micros(),
            ratio(mine.p99Micros(), theirs.p99Micros())));
  }

  /**
   * Issue 18's overhead check, paired by round: round i of the instrumented target ran right beside
   * round i of its base (same scenario, interleaved), so the ratio of their CPU per request in that
   * round cancels what the machine was doing then; the verdict is on the median of those ratios,
   * CPU without the JIT compilers' (see {@code Phase.Result.steadyCpuMicrosPerOp}). The ratio of
   * the process-CPU medians is printed beside it.
   */
  private void overhead(Map<Key, Result> medians, String target, String base, Mode mode, int n) {
    Result mine = medians.get(new Key(target, mode, n));
    Result theirs = medians.get(new Key(base, mode, n));
    List<Result> mineRounds = perRound.get(new Key(target, mode, n));
    List<Result> theirRounds = perRound.get(new Key(base, mode, n));
    if (mine == null || theirs == null || mineRounds == null || theirRounds == null) {
      return;
    }
    int rounds = Math.min(mineRounds.size(), theirRounds.size());
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] =
          mineRounds.get(i).steadyCpuMicrosPerOp() / theirRounds.get(i).steadyCpuMicrosPerOp();
    }
    java.util.Arrays.sort(ratios);
    double ratio =
        rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
    verdict(
        ratio <= 1.10,
        String.format(
            Locale.ROOT,
            "%s CPU ≤ 1.1 × %s, %s, %d in flight: median of %d paired rounds %.2f (%.2f-%.2f);"
                + " %.1f vs %.1f µs/req without JIT (JIT %.1f vs %.1f); process CPU %.1f vs %.1f"
                + " = %s; %.1f vs %.1f KB/req",
            target,
            base,
            mode.label(),
            n,
            rounds,
            ratio,
            ratios[0],
            ratios[rounds - 1],
            median(mineRounds, Result::steadyCpuMicrosPerOp),
            median(theirRounds, Result::steadyCpuMicrosPerOp),
            mine.jitCpuMicrosPerOp(),
            theirs.jitCpuMicrosPerOp(),
            mine.cpuMicrosPerOp(),
            theirs.cpuMicrosPerOp(),
            ratio(mine.cpuMicrosPerOp(), theirs.cpuMicrosPerOp()),
            mine.bytesPerOp() / 1024,
            theirs.bytesPerOp() / 1024));
  }

  private void info(Map<Key, Result> medians, String target, String base, Mode mode, int n) {
    Result mine = medians.get(new Key(target, mode, n));
    Result theirs = medians.get(new Key(base, mode, n));
    if (mine == null || theirs == null) {
      return;
    }
    line(
        String.format(
            Locale.ROOT,
            "- (info) %s ÷ %s, %s, %d in flight: %,.0f vs %,.0f req/s = %s; CPU %.1f vs %.1f"
                + " µs/req; %.1f vs %.1f KB/req",
            target,
            base,
            mode.label(),
            n,
            mine.opsPerSecond(),
            theirs.opsPerSecond(),
            ratio(mine.opsPerSecond(), theirs.opsPerSecond()),
            mine.cpuMicrosPerOp(),
            theirs.cpuMicrosPerOp(),
            mine.bytesPerOp() / 1024,
            theirs.bytesPerOp() / 1024));
  }

  private void allocation(Map<Key, Result> medians, Mode mode, int inFlight) {
    Result mine = medians.get(new Key(Targets.RETROFIT, mode, inFlight));
    Result raw = medians.get(new Key(Targets.OKHTTP, mode, inFlight));
    if (mine == null || raw == null) {
      return;
    }
    verdict(
        mine.bytesPerOp() <= 1.5 * raw.bytesPerOp(),
        String.format(
            Locale.ROOT,
            "%s allocation ≤ 1.5 × okhttp, %s, %d in flight: %.1f vs %.1f KB/req = %s",
            Targets.RETROFIT,
            mode.label(),
            inFlight,
            mine.bytesPerOp() / 1024,
            raw.bytesPerOp() / 1024,
            ratio(mine.bytesPerOp(), raw.bytesPerOp())));
  }

  private void verdict(boolean met, String text) {
    line("- " + (met ? "MET" : "MISSED") + ": " + text);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  private void chart(Map<Key, Result> medians, List<String> targets) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(960)
            .height(600)
            .title("Warm transfers per second against requests in flight (loopback, 2 cores)")
            .xAxisTitle("requests in flight")
            .yAxisTitle("requests/s")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    for (String target : targets) {
      for (Mode mode : Mode.values()) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n : options.inFlight) {
          Result r = medians.get(new Key(target, mode, n));
          if (r != null) {
            xs.add((double) n);
            ys.add(r.opsPerSecond());
          }
        }
        if (!xs.isEmpty()) {
          chart.addSeries(target + " " + mode.label(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
      }
    }
    BitmapEncoder.saveBitmap(
        chart, options.out.resolve("throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void writeCsv(Map<Key, Result> medians) throws IOException {
    StringBuilder csv =
        new StringBuilder(
            "client,mode,in_flight,req_per_s,p50_us,p99_us,p999_us,cpu_us_per_req,"
                + "bytes_per_req,errors\n");
    for (Map.Entry<Key, Result> e : medians.entrySet()) {
      Result r = e.getValue();
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%.1f,%.1f,%.1f,%.1f,%.2f,%.0f,%d%n",
              e.getKey().target(),
              e.getKey().mode().label(),
              e.getKey().inFlight(),
              r.opsPerSecond(),
              r.p50Micros(),
              r.p99Micros(),
              r.p999Micros(),
              r.cpuMicrosPerOp(),
              r.bytesPerOp(),
              r.errors()));
    }
    Files.writeString(options.out.resolve("results.csv"), csv.toString());
  }

  private void line(String text) {
    report.append(text).append('\n');
  }
}
