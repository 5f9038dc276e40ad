package dev.handoff.bench.jmh;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.Interceptor;
import dev.handoff.model.Credentials;
import dev.handoff.model.PlivoRequest;
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
import java.util.function.Function;
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
 * over a {@link CallControl} that answers at once, and {@link #handoffWithNoOpOperationInterceptor}
 * and {@link #handoffWithNoOpAttemptInterceptor} are the same with one interceptor that only passes
 * the call on: the before and after of the interceptor chain.
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
  private Function<PlivoRequest, Wire> describe;
  private Wire wire;
  private Handoff handoff;
  private Handoff withOperationInterceptor;
  private Handoff withAttemptInterceptor;

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
    HandoffConfig config =
        HandoffConfig.of(new Credentials("MAZDQ1ZDMXNMEZMTE4NW", "bench-auth-token"));
    describe = Wire.describer(config, "bench");
    wire = describe.apply(transfer);
    handoff = Handoff.create(new InstantCallControl(created), config);
    Interceptor passOn = chain -> chain.proceed();
    withOperationInterceptor =
        Handoff.create(
            new InstantCallControl(created),
            config.toBuilder().addOperationInterceptor(passOn).build());
    withAttemptInterceptor =
        Handoff.create(
            new InstantCallControl(created),
            config.toBuilder().addAttemptInterceptor(passOn).build());
  }

  /**
   * A transport that answers every request at once with the same 201, so that what is measured is
   * the core alone.
   */
  static final class InstantCallControl implements CallControl {
    private final PlivoResponse created;

    InstantCallControl(PlivoResponse created) {
      this.created = created;
    }

    /**
     * A new completed future per attempt, as a real transport returns one of its own: a shared
     * future would let the core's cancel of one attempt reach every other.
     */
    @Override
    public CompletableFuture<PlivoResponse> send(Wire wire) {
      return CompletableFuture.completedFuture(created);
    }

    /** Answers on the caller's thread, as the Retrofit transport's blocking attempt does. */
    @Override
    public PlivoResponse sendBlocking(Wire wire, CompletionStage<?> abort) {
      return created;
    }

    @Override
    public void close() {}
  }

  /** Closes the Handoffs. */
  @TearDown
  public void tearDown() {
    handoff.close();
    withOperationInterceptor.close();
    withAttemptInterceptor.close();
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

  /**
   * Request building: the {@link Wire} core describes for the transfer (its path and body; the
   * headers are computed once per Handoff).
   */
  @Benchmark
  public Wire requestBuilding() {
    return describe.apply(transfer);
  }

  /**
   * JSON encoding: a described request's body map to bytes, with Moshi, as the Retrofit transport
   * does with the {@link Wire} it is given.
   */
  @Benchmark
  public ByteString jsonEncoding() throws IOException {
    Buffer buffer = new Buffer();
    bodyAdapter.toJson(buffer, wire.body());
    return buffer.readByteString();
  }

  /**
   * Answer decoding: Plivo's answer bytes to a {@link PlivoResponse}, as the Retrofit transport.
   */
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

  /**
   * {@link #handoffOverInstantTransport} with one operation interceptor that only passes the
   * operation on: what the interceptor chain costs once per operation.
   */
  @Benchmark
  public Receipt handoffWithNoOpOperationInterceptor() {
    return withOperationInterceptor.warmTransferAsync(transfer).join();
  }

  /**
   * {@link #handoffOverInstantTransport} with one attempt interceptor that only passes the attempt
   * on: what the interceptor chain costs once per attempt (one attempt here).
   */
  @Benchmark
  public Receipt handoffWithNoOpAttemptInterceptor() {
    return withAttemptInterceptor.warmTransferAsync(transfer).join();
  }

  /** Everything but the network: build, validate, send over an instant transport, receipt. */
  @Benchmark
  public Receipt wholeCorePath() {
    return handoff.warmTransferAsync(build()).join();
  }
}
