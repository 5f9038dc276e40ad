package dev.handoff.bench;

import dev.handoff.IdempotencyStore;
import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.redis.RedisCoordination;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * The fleet benchmark (issue 16): K instances, each its own JVM ({@link FleetWorker}), share one
 * real Redis (redis-server 6.2.6 from embedded-redis, started here on 127.0.0.1) and one
 * fixed-answer server that enforces an account limit ({@link LimitedServer}, 60 requests per second
 * by default: Plivo's 300 per 5 s scaled down so that a run takes about a minute). Two phases in
 * the same run, coordinated (a Redis rate budget at the account's limit, Redis idempotency keys)
 * and uncoordinated (neither): each first sends paced transfers under the limit (the added latency
 * when the budget is not exhausted), then bursts in which every transfer is submitted on two
 * instances with the same key. Prints a Markdown table and writes it to {@code --out}.
 *
 * <p>Before the phases, a loop on one connection times Handoff's Redis steps alone (a bare {@code
 * EVALSHA}, the claim that takes a permit, the settle that releases it), so that the added latency
 * can be split into Redis and the rest (JVM, CPU contention).
 *
 * <p>Usage: {@code java -jar handoff-bench.jar fleet [--instances 4] [--limit 60/1s] [--budget
 * 60/1s] [--transfers 900] [--burst 32] [--paced 40] [--paced-gap-ms 100] [--out bench/results]}.
 */
public final class FleetBench {
  private FleetBench() {}

  /** One phase's measurements. */
  private record Phase(
      String name,
      Map<String, String> server,
      List<Long> paced,
      List<Long> burst,
      int ok,
      int failed,
      int limitedFailures,
      Map<String, Integer> failures,
      long pacedCommands,
      long burstCommands,
      long pacedTrips,
      long burstTrips,
      long burstMillis) {}

  /**
   * Runs both phases and prints the table.
   *
   * @param args see the class documentation
   * @throws Exception if a process cannot start
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--instances", "4");
    options.put("--limit", "60/1s");
    // The account's own limit: a permit counts until its answer is back, then one window, so no
    // headroom is needed for the varying delay between the permit and the request's arrival.
    options.put("--budget", "60/1s");
    options.put("--transfers", "900");
    options.put("--burst", "32");
    options.put("--paced", "40");
    options.put("--paced-gap-ms", "100");
    options.put("--out", "bench/results");
    for (int i = 0; i < args.length; i += 2) {
      if (!options.containsKey(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
      }
      options.put(args[i], args[i + 1]);
    }
    RateLimit limit = RateLimit.parse(options.get("--limit"));
    int redisPort = freePort();
    RedisServer redis =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(redisPort)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    redis.start();
    String redisUrl = "redis://127.0.0.1:" + redisPort;
    RedisClient client = RedisClient.create(redisUrl);
    List<Phase> phases = new ArrayList<>();
    String steps;
    try (StatefulRedisConnection<String, String> info = client.connect();
        Child server =
            Child.start(
                LimitedServer.class.getName(), List.of("--limit", options.get("--limit")))) {
      int port = Integer.parseInt(server.await("PORT ").substring(5).trim());
      steps = redisSteps(redisUrl, info);
      for (String mode : List.of("coordinated", "uncoordinated")) {
        phases.add(
            phase(mode, mode.equals("coordinated") ? redisUrl : "none", port, options, info));
      }
    } finally {
      client.shutdown();
      redis.stop();
    }
    String table = table(phases, limit, options) + "\n" + steps;
    System.out.println(table);
    Path out = Path.of(options.get("--out"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("fleet-" + LocalDate.now() + ".md"), table);
  }

  private static Phase phase(
      String mode,
      String redisUrl,
      int port,
      Map<String, String> options,
      StatefulRedisConnection<String, String> info)
      throws Exception {
    int instances = Integer.parseInt(options.get("--instances"));
    control(port, "reset");
    List<Child> workers = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        workers.add(
            Child.start(
                FleetWorker.class.getName(),
                List.of(
                    "--port", String.valueOf(port),
                    "--redis", redisUrl,
                    "--instance", String.valueOf(i),
                    "--instances", String.valueOf(instances),
                    "--transfers", options.get("--transfers"),
                    "--burst", options.get("--burst"),
                    "--paced", options.get("--paced"),
                    "--paced-gap-ms", options.get("--paced-gap-ms"),
                    "--budget", options.get("--budget"),
                    "--phase", mode)));
      }
      for (Child worker : workers) {
        worker.await("READY");
      }
      long[] before = commands(info);
      workers.forEach(w -> w.send("GO"));
      List<Long> paced = new ArrayList<>();
      for (Child worker : workers) {
        paced.addAll(numbers(worker.await("PACED").substring(5)));
      }
      long[] afterPaced = commands(info);
      control(port, "reset");
      long start = System.nanoTime();
      workers.forEach(w -> w.send("BURST"));
      List<Long> burst = new ArrayList<>();
      int ok = 0;
      int failed = 0;
      int limited = 0;
      Map<String, Integer> kinds = new java.util.TreeMap<>();
      for (Child worker : workers) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : worker.await("BURST").substring(6).split(" ")) {
          int eq = field.indexOf('=');
          fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        ok += Integer.parseInt(fields.get("ok"));
        failed += Integer.parseInt(fields.get("failed"));
        limited += Integer.parseInt(fields.get("limited"));
        for (String kind : fields.getOrDefault("kinds", "").split(",")) {
          if (!kind.isEmpty()) {
            int colon = kind.indexOf(':');
            kinds.merge(
                kind.substring(0, colon),
                Integer.parseInt(kind.substring(colon + 1)),
                Integer::sum);
          }
        }
        burst.addAll(numbers(fields.get("lat")));
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long[] afterBurst = commands(info);
      Map<String, String> server = new LinkedHashMap<>();
      for (String field : control(port, "stats").split(" ")) {
        int eq = field.indexOf('=');
        server.put(field.substring(0, eq), field.substring(eq + 1));
      }
      // Each INFO is itself a command: leave the coordinator's own out.
      return new Phase(
          mode,
          server,
          paced,
          burst,
          ok,
          failed,
          limited,
          kinds,
          afterPaced[0] - before[0] - 1,
          afterBurst[0] - afterPaced[0] - 1,
          afterPaced[1] - before[1],
          afterBurst[1] - afterPaced[1],
          millis);
    } finally {
      workers.forEach(Child::close);
    }
  }

  /**
   * Times each Redis step alone, one after another on one connection (the loopback round trip and
   * the script, no contention from the workers, which are not started yet): a bare {@code EVALSHA},
   * and Handoff's two steps of a keyed transfer through the public API.
   */
  private static String redisSteps(String url, StatefulRedisConnection<String, String> raw)
      throws Exception {
    int warmUp = 3_000;
    int rounds = 5_000;
    String sha = raw.sync().scriptLoad("return 1");
    List<Long> bare = new ArrayList<>();
    List<Long> claims = new ArrayList<>();
    List<Long> settles = new ArrayList<>();
    try (RedisCoordination redis = RedisCoordination.create(url)) {
      IdempotencyStore store = redis.idempotencyStore();
      RateBudget budget = redis.rateBudget(new RateLimit(1_000_000, Duration.ofSeconds(1)));
      Duration ttl = Duration.ofMinutes(1);
      for (int i = 0; i < warmUp + rounds; i++) {
        long t0 = System.nanoTime();
        raw.sync().evalsha(sha, ScriptOutputType.INTEGER);
        long t1 = System.nanoTime();
        String key = "handoff:{steps}:idem:" + i;
        RateBudget.Permit permit =
            store
                .putIfAbsentAndAcquire(key, "P|x", ttl, budget, "handoff:{steps}:budget", ttl)
                .toCompletableFuture()
                .join()
                .permit();
        long t2 = System.nanoTime();
        store
            .settleAndRelease(key, "P|x", "D|x", ttl, budget, List.of(permit))
            .toCompletableFuture()
            .join();
        long t3 = System.nanoTime();
        if (i >= warmUp) {
          bare.add((t1 - t0) / 1_000);
          claims.add((t2 - t1) / 1_000);
          settles.add((t3 - t2) / 1_000);
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "Redis steps alone (one connection, %d rounds after %d to warm up, before the workers"
            + " start), p50 / p99:%n%n| step | p50 | p99 |%n|---|---|---|%n"
            + "| bare EVALSHA (Lettuce sync) | %s | %s |%n"
            + "| claim + first permit (one script) | %s | %s |%n"
            + "| settle + release (one script, after the answer) | %s | %s |%n",
        rounds,
        warmUp,
        ms(percentile(bare, 50)),
        ms(percentile(bare, 99)),
        ms(percentile(claims, 50)),
        ms(percentile(claims, 99)),
        ms(percentile(settles, 50)),
        ms(percentile(settles, 99)));
  }

  private static String table(List<Phase> phases, RateLimit limit, Map<String, String> options) {
    int instances = Integer.parseInt(options.get("--instances"));
    int transfers = Integer.parseInt(options.get("--transfers"));
    int paced = Integer.parseInt(options.get("--paced"));
    int submissions = instances == 1 ? transfers : 2 * transfers;
    Phase coordinated = phases.get(0);
    Phase uncoordinated = phases.get(1);
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "Fleet: %d instances (JVMs), account limit %d per %d ms (sliding), coordinated budget"
                + " %s; %d transfers each submitted on two instances with one key (%d submissions,"
                + " bursts of %s per instance), %d paced transfers per instance under the limit;"
                + " Java %s, %d cores%n%n",
            instances,
            limit.permits(),
            limit.window().toMillis(),
            options.get("--budget"),
            transfers,
            submissions,
            options.get("--burst"),
            paced,
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors()));
    t.append("| | coordinated (Redis) | uncoordinated | target |\n|---|---|---|---|\n");
    row(t, "429s received (burst)", c -> c.server().get("limited"), phases, "0 coordinated");
    row(
        t,
        "budget used (burst: accepted per window ÷ limit)",
        c -> percent(Double.parseDouble(c.server().get("used"))),
        phases,
        "≥ 95% coordinated");
    row(t, "peak in any window", c -> c.server().get("peak"), phases, "≤ " + limit.permits());
    row(
        t,
        "requests per transfer (burst)",
        c ->
            String.format(
                Locale.ROOT,
                "%.2f",
                (Long.parseLong(c.server().get("accepted"))
                        + Long.parseLong(c.server().get("limited")))
                    / (double) transfers),
        phases,
        "1.00");
    row(t, "duplicates sent (burst)", c -> c.server().get("duplicates"), phases, "0");
    row(
        t,
        "submissions ok / failed (of which 429)",
        c -> c.ok() + " / " + c.failed() + " (" + c.limitedFailures() + ")",
        phases,
        "");
    row(
        t,
        "failures by kind (burst)",
        c ->
            c.failures().isEmpty()
                ? "none"
                : String.join(
                    ", ",
                    c.failures().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .toList()),
        phases,
        "");
    row(t, "burst duration", c -> c.burstMillis() + " ms", phases, "");
    row(
        t,
        "latency per submission p50 / p99, burst",
        c -> ms(percentile(c.burst(), 50)) + " / " + ms(percentile(c.burst(), 99)),
        phases,
        "");
    row(
        t,
        "latency per transfer p50 / p99, paced (not exhausted)",
        c -> ms(percentile(c.paced(), 50)) + " / " + ms(percentile(c.paced(), 99)),
        phases,
        "");
    t.append(
        String.format(
            Locale.ROOT,
            "| added latency p50 / p99, paced (coordinated − uncoordinated) | %s / %s | | p50 < 1 ms |%n",
            ms(percentile(coordinated.paced(), 50) - percentile(uncoordinated.paced(), 50)),
            ms(percentile(coordinated.paced(), 99) - percentile(uncoordinated.paced(), 99))));
    row(
        t,
        "Redis round trips (scripts) per operation, paced / burst",
        c ->
            String.format(
                Locale.ROOT,
                "%.2f / %.2f",
                c.pacedTrips() / (double) (instances * paced),
                c.burstTrips() / (double) submissions),
        phases,
        "");
    row(
        t,
        "Redis commands run per operation (inside the scripts too), paced / burst",
        c ->
            String.format(
                Locale.ROOT,
                "%.2f / %.2f",
                c.pacedCommands() / (double) (instances * paced),
                c.burstCommands() / (double) submissions),
        phases,
        "");
    return t.toString();
  }

  private static void row(
      StringBuilder t,
      String name,
      java.util.function.Function<Phase, String> value,
      List<Phase> phases,
      String target) {
    t.append("| ")
        .append(name)
        .append(" | ")
        .append(value.apply(phases.get(0)))
        .append(" | ")
        .append(value.apply(phases.get(1)))
        .append(" | ")
        .append(target)
        .append(" |\n");
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }

  private static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static List<Long> numbers(String csv) {
    String trimmed = csv.trim();
    if (trimmed.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(trimmed.split(",")).map(Long::parseLong).toList();
  }

  /**
   * Redis's count of commands processed (those its scripts run included), and of the scripts called
   * ({@code EVAL}, {@code EVALSHA}): each of Handoff's steps is one script, one round trip.
   */
  private static long[] commands(StatefulRedisConnection<String, String> info) {
    long commands = -1;
    long scripts = 0;
    for (String line : info.sync().info("all").split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) {
        commands = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      } else if (line.startsWith("cmdstat_eval:") || line.startsWith("cmdstat_evalsha:")) {
        String calls = line.substring(line.indexOf("calls=") + 6);
        scripts += Long.parseLong(calls.substring(0, calls.indexOf(',')));
      }
    }
    if (commands < 0) {
      throw new IllegalStateException("no total_commands_processed in INFO");
    }
    return new long[] {commands, scripts};
  }

  private static String control(int port, String what) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/bench/" + what);
    HttpRequest request =
        what.equals("reset")
            ? HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build()
            : HttpRequest.newBuilder(uri).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A JVM of this class path, driven through its standard streams. */
  private static final class Child implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    private Child(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    }

    static Child start(String mainClass, List<String> args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ServerProcess.javaExecutable());
      command.add("-Xmx256m");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass);
      command.addAll(args);
      return new Child(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The first line of the child's that starts with {@code prefix}. */
    String await(String prefix) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      throw new IOException("the process exited before printing " + prefix);
    }

    void send(String line) {
      in.println(line);
    }

    @Override
    public void close() {
      in.close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
