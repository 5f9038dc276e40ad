package dev.handoff.bench.jmh;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import okio.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-operation cost of Handoff's core path, without any network: run with {@code java -jar
 * bench/target/handoff-bench.jar jmh -prof gc CorePath} (see {@code BENCHMARKS.md}). Each step is
 * what a transport or the core does once per warm transfer; {@link #handoffOverInstantTransport} is
 * the whole core (validation, the attempt loop, the deadline timer, status mapping, the receipt)
 * over a {@link CallControl} that answers at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CorePathBenchmark {
  private static final byte[] ANSWER =
      "{\"api_id\":\"b8d4a1c2-6f0e-4d3b-9a57-0c1d2e3f4a5b\",\"error\":\"\"}"
          .getBytes(StandardCharsets.UTF_8);

  private WarmTransfer transfer;
  private JsonAdapter<Map<String, String>> bodyAdapter;
  private ByteString answerBytes;
  private Map<String, Object> parsedAnswer;
  private Handoff handoff;

  /** Builds the fixtures and a Handoff over an instant transport. */
  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() throws IOException {
    transfer = build();
    bodyAdapter =
        new Moshi.Builder()
            .build()
            .adapter(Types.newParameterizedType(Map.class, String.class, String.class));
    answerBytes = ByteString.of(ANSWER);
    parsedAnswer = (Map<String, Object>) JsonReader.of(new Buffer().write(ANSWER)).readJsonValue();
    PlivoResponse created = PlivoResponse.json(201, null, parsedAnswer);
    CallControl instant =
        new CallControl() {
          @Override
          public CompletableFuture<PlivoResponse> nodeAction(NodeAction action) {
            return CompletableFuture.completedFuture(created);
          }

          @Override
          public CompletableFuture<PlivoResponse> memberAction(MemberAction action) {
            return CompletableFuture.completedFuture(created);
          }

          @Override
          public CompletableFuture<PlivoResponse> readNode(ReadNode read) {
            return CompletableFuture.completedFuture(created);
          }

          @Override
          public CompletableFuture<PlivoResponse> transferCall(CallTransfer transfer) {
            return CompletableFuture.completedFuture(created);
          }

          /** Answers on the caller's thread, as the Retrofit transport's blocking attempt does. */
          @Override
          public PlivoResponse sendBlocking(PlivoRequest request, CompletionStage<?> abort) {
            return created;
          }

          @Override
          public void close() {}
        };
    handoff =
        Handoff.create(
            instant, HandoffConfig.of(new Credentials("MAZDQ1ZDMXNMEZMTE4NW", "bench-auth-token")));
  }

  /** Closes the Handoff. */
  @TearDown
  public void tearDown() {
    handoff.close();
  }

  private static WarmTransfer build() {
    return WarmTransfer.builder()
        .phloId("4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10")
        .nodeId("9a2c3b1e-0c1d-4e5f-8a9b-112233445566")
        .triggerSource("+14152223333")
        .to("+14152225555")
        .build();
  }

  /** Validation: building the warm transfer from strings. */
  @Benchmark
  public WarmTransfer validation() {
    return build();
  }

  /** Request building: the path and the body map, from {@link Wire}. */
  @Benchmark
  public Map<String, String> requestBuilding() {
    Map<String, String> body = Wire.body(transfer);
    body.put("path", Wire.nodePath(transfer.phloId(), transfer.nodeId()));
    return body;
  }

  /** JSON encoding: the body map to bytes, with Moshi, as the Retrofit transport does. */
  @Benchmark
  public ByteString jsonEncoding() throws IOException {
    Buffer buffer = new Buffer();
    bodyAdapter.toJson(buffer, Wire.body(transfer));
    return buffer.readByteString();
  }

  /** Answer decoding: Plivo's answer bytes to a {@link PlivoResponse}, as the Retrofit transport. */
  @Benchmark
  public PlivoResponse answerDecoding() throws IOException {
    try (JsonReader reader = JsonReader.of(new Buffer().write(answerBytes))) {
      return PlivoResponse.json(201, null, reader.readJsonValue());
    }
  }

  /** The answer alone: an already-parsed object to a {@link PlivoResponse}. */
  @Benchmark
  public PlivoResponse answerFromParsedJson() {
    return PlivoResponse.json(201, null, parsedAnswer);
  }

  /** Receipt: the whole core over an instant transport, with a prebuilt transfer. */
  @Benchmark
  public Receipt handoffOverInstantTransport() {
    return handoff.warmTransferAsync(transfer).join();
  }

  /** The same through the blocking form, whose attempt runs on the caller's thread. */
  @Benchmark
  public Receipt handoffBlockingOverInstantTransport() {
    return handoff.warmTransfer(transfer);
  }

  /** Everything but the network: build, validate, send over an instant transport, receipt. */
  @Benchmark
  public Receipt wholeCorePath() {
    return handoff.warmTransferAsync(build()).join();
  }
}
