package dev.handoff.bench;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.IdempotencyKey;
import dev.handoff.RateLimit;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.redis.RedisCoordination;
import dev.handoff.retrofit.RetrofitHandoff;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One instance of the fleet benchmark ({@link FleetBench}), in its own JVM: one {@link Handoff}
 * (Retrofit transport) to the {@link LimitedServer}, coordinated through Redis (a shared rate
 * budget and idempotency store) or not at all. Talks to the coordinator over standard streams:
 * prints {@code READY}; on {@code GO}, sends its paced transfers one after another (under the
 * limit) and prints {@code PACED <latencies µs>}; on {@code BURST}, sends its share of the bursts
 * and prints {@code BURST ok=… failed=… limited=… kinds=<exception:count,…> lat=<latencies µs>},
 * then exits.
 *
 * <p>Transfer {@code j} of the burst is submitted on instances {@code j mod K} and {@code (j + 1)
 * mod K}, both with the key {@code <phase>-<j>}: the same transfer reaching two instances.
 */
public final class FleetWorker {
  private FleetWorker() {}

  /**
   * Runs one instance.
   *
   * @param args {@code --port P --redis URL|none --instance I --instances K --transfers T --burst B
   *     --paced N --paced-gap-ms G --limit N/DURATION --phase NAME}
   * @throws Exception if the coordinator's stream fails
   */
  public static void main(String[] args) throws Exception {
    int port = 0;
    String redisUrl = "none";
    int instance = 0;
    int instances = 4;
    int transfers = 100;
    int burst = 8;
    int paced = 20;
    long gapMs = 100;
    RateLimit limit = RateLimit.parse("60/1s");
    String phase = "p";
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value);
        case "--redis" -> redisUrl = value;
        case "--instance" -> instance = Integer.parseInt(value);
        case "--instances" -> instances = Integer.parseInt(value);
        case "--transfers" -> transfers = Integer.parseInt(value);
        case "--burst" -> burst = Integer.parseInt(value);
        case "--paced" -> paced = Integer.parseInt(value);
        case "--paced-gap-ms" -> gapMs = Long.parseLong(value);
        case "--budget" -> limit = RateLimit.parse(value);
        case "--phase" -> phase = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    URI base = URI.create("http://127.0.0.1:" + port);
    HandoffConfig.Builder builder =
        HandoffConfig.builder(Seeds.CREDENTIALS)
            .phloBaseUrl(base)
            .voiceBaseUrl(base)
            .timeout(Duration.ofSeconds(30));
    @Nullable RedisCoordination redis = null;
    if (!redisUrl.equals("none")) {
      redis = RedisCoordination.create(redisUrl);
      builder.rateBudget(redis.rateBudget(limit)).idempotencyStore(redis.idempotencyStore());
      // Connects now, so that the connection's own commands fall outside the measured phases;
      // again if the first try times out while the other JVMs start on the same cores.
      for (int attempt = 1; ; attempt++) {
        try {
          redis.idempotencyStore().get("handoff:bench:warm-up").toCompletableFuture().join();
          break;
        } catch (CompletionException e) {
          if (attempt == 50) {
            throw e;
          }
          Thread.sleep(200); // Lettuce reconnects every 100 ms meanwhile
        }
      }
    }
    if (redis != null) {
      // Warms Lettuce's, Netty's and the scripts' code (JIT) outside every measure, on keys of
      // their own: the 20 transfers below are too few, and cold code is milliseconds per call.
      dev.handoff.IdempotencyStore store = redis.idempotencyStore();
      dev.handoff.RateBudget budget =
          redis.rateBudget(new RateLimit(1_000_000, Duration.ofSeconds(1)));
      Duration ttl = Duration.ofMinutes(1);
      for (int n = 0; n < 3_000; n++) {
        String key = "handoff:{warm-" + instance + "}:idem:" + phase + n;
        dev.handoff.RateBudget.Permit permit =
            store
                .putIfAbsentAndAcquire(
                    key, "P|w", ttl, budget, "handoff:{warm-" + instance + "}:budget", ttl)
                .toCompletableFuture()
                .join()
                .permit();
        store
            .settleAndRelease(
                key, "P|w", "D|w", ttl, budget, permit == null ? List.of() : List.of(permit))
            .toCompletableFuture()
            .join();
      }
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Handoff handoff = RetrofitHandoff.create(builder.build())) {
      // Warm-up (JIT, connections), outside every measure; a 429 here changes nothing.
      for (int n = 0; n < 20; n++) {
        try {
          handoff
              .withIdempotencyKey(IdempotencyKey.of(phase + "-warm-" + instance + "-" + n))
              .warmTransfer(transfer(String.format(Locale.ROOT, "+1417%03d%04d", instance, n)));
        } catch (RuntimeException e) {
          // counted nowhere
        }
        Thread.sleep(20);
      }
      System.out.println("READY");
      System.out.flush();
      expect(in, "GO");
      List<Long> pacedMicros = new ArrayList<>();
      for (int n = 0; n < paced; n++) {
        long start = System.nanoTime();
        handoff
            .withIdempotencyKey(IdempotencyKey.of(phase + "-paced-" + instance + "-" + n))
            .warmTransfer(transfer(String.format(Locale.ROOT, "+1416%03d%04d", instance, n)));
        pacedMicros.add((System.nanoTime() - start) / 1_000);
        Thread.sleep(gapMs);
      }
      System.out.println("PACED " + join(pacedMicros));
      System.out.flush();
      expect(in, "BURST");
      List<Integer> mine = new ArrayList<>();
      for (int j = 0; j < transfers; j++) {
        if (j % instances == instance || (j + 1) % instances == instance) {
          mine.add(j);
        }
      }
      int ok = 0;
      int failed = 0;
      int limited = 0;
      java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
      Queue<Long> micros = new ConcurrentLinkedQueue<>();
      for (int from = 0; from < mine.size(); from += burst) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int j : mine.subList(from, Math.min(mine.size(), from + burst))) {
          long start = System.nanoTime();
          sent.add(
              handoff
                  .withIdempotencyKey(IdempotencyKey.of(phase + "-" + j))
                  .warmTransferAsync(transfer(String.format(Locale.ROOT, "+1415%07d", j)))
                  .whenComplete(
                      (receipt, failure) -> micros.add((System.nanoTime() - start) / 1_000)));
        }
        for (CompletableFuture<?> future : sent) {
          try {
            future.join();
            ok++;
          } catch (CompletionException e) {
            failed++;
            if (e.getCause() instanceof RateLimitedException) {
              limited++;
            }
            kinds.merge(e.getCause().getClass().getSimpleName(), 1, Integer::sum);
          }
        }
      }
      System.out.println(
          "BURST ok="
              + ok
              + " failed="
              + failed
              + " limited="
              + limited
              + " kinds="
              + kinds.entrySet().stream()
                  .map(k -> k.getKey() + ":" + k.getValue())
                  .collect(Collectors.joining(","))
              + " lat="
              + join(micros));
      System.out.flush();
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
    System.exit(0);
  }

  private static WarmTransfer transfer(String to) {
    return WarmTransfer.builder()
        .phloId(Seeds.PHLO_ID)
        .nodeId(Seeds.NODE_ID)
        .triggerSource(Seeds.TRIGGER_SOURCE)
        .to(to)
        .build();
  }

  private static void expect(BufferedReader in, String word) throws Exception {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().equals(word)) {
        return;
      }
    }
    System.exit(2); // the coordinator went away
  }

  private static String join(Collection<Long> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
