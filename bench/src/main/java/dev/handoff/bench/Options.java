package dev.handoff.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The runner's command line. */
final class Options {
  boolean smoke;
  double warmupSeconds = 3;
  double roundSeconds = 2;
  int rounds = 5;
  List<Integer> inFlight = List.of(1, 64, 1024);
  List<String> targets = Targets.ALL;
  int startupRuns = 5;
  int scaleTransfers = 10_000;
  long scaleDelayMs = 100;
  boolean scale = true;
  Path out = Path.of("bench", "results");

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar bench/target/handoff-bench.jar [options]",
          "       java -jar bench/target/handoff-bench.jar jmh [JMH options, e.g. -prof gc]",
          "  --smoke              seconds-long run, for CI: exits 1 on any failed request",
          "  --warmup-s S         warm-up per client and scenario (default 3)",
          "  --round-s S          length of one measured round (default 2)",
          "  --rounds N           measured rounds; the table shows medians (default 5)",
          "  --in-flight 1,64,..  requests in flight (default 1,64,1024)",
          "  --targets a,b,..     clients (default " + String.join(",", Targets.ALL) + ")",
          "                       diagnostic, only when named: "
              + String.join(",", Targets.DIAGNOSTIC),
          "  --startup-runs N     JVM starts per client for start-up time (default 5)",
          "  --scale-transfers N  transfers in flight in the scale run (default 10000)",
          "  --no-scale           skip the scale run",
          "  --out DIR            where results.md, results.csv, throughput.png go"
              + " (default bench/results; bench/target/smoke with --smoke)");

  static Options parse(String[] args) {
    Options options = new Options();
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (rest.contains("--smoke")) {
      options.smoke = true;
      options.warmupSeconds = 0.1;
      options.roundSeconds = 0.1;
      options.rounds = 1;
      options.startupRuns = 1;
      options.scaleTransfers = 500;
      options.scaleDelayMs = 20;
      // A smoke run's figures mean nothing: never over the committed results of a real run.
      options.out = Path.of("bench", "target", "smoke");
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--smoke":
          break;
        case "--warmup-s":
          options.warmupSeconds = Double.parseDouble(args[++i]);
          break;
        case "--round-s":
          options.roundSeconds = Double.parseDouble(args[++i]);
          break;
        case "--rounds":
          options.rounds = Integer.parseInt(args[++i]);
          break;
        case "--in-flight":
          options.inFlight = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
          break;
        case "--targets":
          options.targets = List.of(args[++i].split(","));
          break;
        case "--startup-runs":
          options.startupRuns = Integer.parseInt(args[++i]);
          break;
        case "--scale-transfers":
          options.scaleTransfers = Integer.parseInt(args[++i]);
          break;
        case "--no-scale":
          options.scale = false;
          break;
        case "--out":
          options.out = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    return options;
  }
}
