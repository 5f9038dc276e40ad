package dev.handoff.opentelemetry;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.Interceptor;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Traces Handoff with the OpenTelemetry API, after OpenTelemetry's HTTP client semantic
 * conventions.
 *
 * <pre>{@code
 * CallControl transport = ...;
 * HandoffConfig.Builder builder = HandoffConfig.builder(credentials);
 * HandoffTelemetry.create(openTelemetry).register(builder, transport);
 * Handoff handoff = Handoff.create(transport, builder.build());
 * }</pre>
 *
 * <ul>
 *   <li>A span per operation, kind {@code INTERNAL} (a logical operation over HTTP calls), named
 *       {@code handoff <operation>} ({@code handoff warm_transfer}): a child of {@code
 *       Context.current()} on the thread that called the {@code Handoff} method, also when the
 *       operation completes on a transport's thread or retries on another. Attributes {@code
 *       handoff.operation}, {@code handoff.transport}, {@code handoff.attempts} and, when it
 *       failed, {@code error.type} (the exception's simple name, for example {@code
 *       RateLimitedException}); status {@code ERROR} then.
 *   <li>A child span per attempt, kind {@code CLIENT}, named {@code <method> <url.template>}:
 *       {@code http.request.method}, {@code server.address}, {@code server.port}, {@code
 *       url.template}, {@code http.request.resend_count} (on retries), {@code
 *       http.response.status_code}, and {@code error.type} (the status code for a 4xx or 5xx, else
 *       the failure's class name). Status {@code ERROR} for those. Current while the attempt is
 *       handed to the transport, so an instrumented HTTP client nests its span under it.
 *   <li>The histogram {@code http.client.request.duration} (seconds) per attempt, with the
 *       attempt's low-cardinality attributes.
 * </ul>
 *
 * <p>Never {@code url.full} nor the path: they hold the Auth ID and phone numbers. No attribute
 * holds a phone number, a SIP address, an identifier or a credential. Immutable and thread-safe.
 *
 * <p>Other interceptors may add events to the operation's span ({@link #operationSpan}): a rate
 * limiter its waits, a de-duplicator the sends it answered from its store.
 */
public final class HandoffTelemetry {
  /** The instrumentation scope's name of the tracer and meter: {@code dev.handoff}. */
  public static final String INSTRUMENTATION_NAME = "dev.handoff";

  static final AttributeKey<String> HTTP_REQUEST_METHOD =
      AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<Long> HTTP_REQUEST_RESEND_COUNT =
      AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("handoff.operation");
  static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("handoff.transport");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("handoff.attempts");

  /** The buckets the semantic conventions advise for {@code http.client.request.duration}. */
  private static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  /** The key of the operation's state in {@link Interceptor.Chain#attributes()}. */
  private static final Object KEY = new Object();

  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final Server phlo;
  private final Server voice;

  private HandoffTelemetry(Tracer tracer, DoubleHistogram duration, Server phlo, Server voice) {
    this.tracer = tracer;
    this.duration = duration;
    this.phlo = phlo;
    this.voice = voice;
  }

  /**
   * Spans and the duration histogram from {@code openTelemetry}'s tracer and meter providers, for
   * Plivo's default base URLs ({@link #withBaseUrls} for others).
   *
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static HandoffTelemetry create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    Tracer tracer =
        openTelemetry
            .tracerBuilder(INSTRUMENTATION_NAME)
            .setInstrumentationVersion(Handoff.version())
            .build();
    DoubleHistogram duration =
        openTelemetry
            .meterBuilder(INSTRUMENTATION_NAME)
            .setInstrumentationVersion(Handoff.version())
            .build()
            .histogramBuilder("http.client.request.duration")
            .setUnit("s")
            .setDescription("Duration of HTTP client requests.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    return new HandoffTelemetry(
        tracer,
        duration,
        Server.of(HandoffConfig.DEFAULT_PHLO_BASE_URL),
        Server.of(HandoffConfig.DEFAULT_VOICE_BASE_URL));
  }

  /**
   * A copy whose {@code server.address} and {@code server.port} are those of the given base URLs,
   * for a configuration with {@link HandoffConfig.Builder#phloBaseUrl} or {@link
   * HandoffConfig.Builder#voiceBaseUrl} set (pass the same URLs).
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a URL has no host
   */
  public HandoffTelemetry withBaseUrls(URI phloBaseUrl, URI voiceBaseUrl) {
    return new HandoffTelemetry(
        tracer,
        duration,
        Server.of(Objects.requireNonNull(phloBaseUrl, "phloBaseUrl")),
        Server.of(Objects.requireNonNull(voiceBaseUrl, "voiceBaseUrl")));
  }

  /**
   * Adds the operation interceptor and the attempt interceptor to {@code builder}, with {@code
   * transport}'s {@link CallControl#name()} as {@code handoff.transport}. Call it before adding
   * other interceptors, so that the spans include what those do and the caller's context is the one
   * the operation started in.
   *
   * @return {@code builder}
   * @throws NullPointerException if an argument is null
   */
  public HandoffConfig.Builder register(HandoffConfig.Builder builder, CallControl transport) {
    return register(builder, Objects.requireNonNull(transport, "transport").name());
  }

  /**
   * Adds the operation interceptor and the attempt interceptor to {@code builder}, with {@code
   * transport} (for example {@code "retrofit"}) as {@code handoff.transport}. Call it before adding
   * other interceptors.
   *
   * @return {@code builder}
   * @throws NullPointerException if an argument is null
   */
  public HandoffConfig.Builder register(HandoffConfig.Builder builder, String transport) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(transport, "transport");
    Shapes shapes = new Shapes(transport, phlo, voice);
    return builder
        .addOperationInterceptor(chain -> aroundOperation(chain, shapes))
        .addAttemptInterceptor(chain -> aroundAttempt(chain, shapes));
  }

  /**
   * The span of the operation {@code chain} belongs to, for an interceptor registered after this
   * one that adds events to it; {@link Span#getInvalid()} when there is none.
   */
  public static Span operationSpan(Interceptor.Chain chain) {
    return chain.attributes().get(KEY) instanceof Operation operation
        ? Span.fromContext(operation.context)
        : Span.getInvalid();
  }

  private CompletionStage<PlivoResponse> aroundOperation(Interceptor.Chain chain, Shapes shapes) {
    // The operation interceptors run on the caller's thread when the operation starts: this is the
    // caller's context, whatever thread the attempts and the completion later run on.
    Context parent = Context.current();
    Shape shape = shapes.of(chain.request());
    Span span =
        tracer
            .spanBuilder(shape.operationName)
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(OPERATION, shape.operation)
            .setAttribute(TRANSPORT, shapes.transport)
            .startSpan();
    Context context = parent.with(span);
    Operation operation = new Operation(context, shape);
    chain.attributes().put(KEY, operation);
    CompletionStage<PlivoResponse> stage;
    try (Scope scope = context.makeCurrent()) {
      stage = chain.proceed();
    } catch (RuntimeException e) {
      failed(span, e.getClass().getSimpleName());
      span.end();
      throw e;
    }
    return stage.whenComplete(
        (response, failure) -> {
          span.setAttribute(ATTEMPTS, (long) operation.attempts);
          Throwable cause = Outcomes.unwrap(failure);
          String outcome = Outcomes.outcome(cause == null ? response : null, cause);
          if (!outcome.equals(Outcomes.SUCCESS) && !outcome.equals(Outcomes.NONE)) {
            failed(span, outcome);
          }
          span.end();
        });
  }

  private CompletionStage<PlivoResponse> aroundAttempt(Interceptor.Chain chain, Shapes shapes) {
    PlivoRequest request = chain.request();
    int attempt = chain.attempt();
    Context parent;
    Shape shape;
    if (chain.attributes().get(KEY) instanceof Operation operation) {
      operation.attempts = attempt; // attempts run one at a time
      parent = operation.context;
      shape = operation.shape;
    } else {
      parent = Context.current();
      shape = shapes.of(request);
    }
    var spanBuilder =
        tracer
            .spanBuilder(shape.attemptName)
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(shape.start);
    if (attempt > 1) {
      spanBuilder.setAttribute(HTTP_REQUEST_RESEND_COUNT, attempt - 1L);
    }
    Span span = spanBuilder.startSpan();
    long startNanos = System.nanoTime();
    CompletionStage<PlivoResponse> stage;
    try (Scope scope = parent.with(span).makeCurrent()) {
      stage = chain.proceed();
    } catch (RuntimeException e) {
      ended(span, shape, startNanos, null, e);
      throw e;
    }
    return stage.whenComplete(
        (response, failure) -> ended(span, shape, startNanos, response, Outcomes.unwrap(failure)));
  }

  private void ended(
      Span span,
      Shape shape,
      long startNanos,
      @Nullable PlivoResponse response,
      @Nullable Throwable failure) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Attributes measured;
    if (failure != null) {
      measured = shape.failed(failure.getClass());
      failed(span, failure.getClass().getName());
    } else if (response != null) {
      int status = response.status();
      measured = shape.answered(status);
      span.setAllAttributes(shape.status(status)); // prebuilt: no boxing per attempt
      if (status >= 400) {
        failed(span, Integer.toString(status));
      }
    } else {
      measured = shape.start;
    }
    duration.record(seconds, measured);
    span.end();
  }

  /** Marks {@code span} failed: its type only, never a message (which may quote the peer). */
  private static void failed(Span span, String type) {
    span.setAttribute(ERROR_TYPE, type);
    span.setStatus(StatusCode.ERROR, type);
  }

  /** One operation's span context, its shape, and how many attempts it started so far. */
  private static final class Operation {
    final Context context;
    final Shape shape;
    volatile int attempts;

    Operation(Context context, Shape shape) {
      this.context = context;
      this.shape = shape;
    }
  }

  /**
   * The shapes of one registration (one transport and its base URLs), by operation: an operation's
   * request type, method, template and server never change, so the first request of each operation
   * builds its shape.
   */
  private static final class Shapes {
    final String transport;
    private final Server phlo;
    private final Server voice;
    private final ConcurrentMap<String, Shape> shapes = new ConcurrentHashMap<>();

    Shapes(String transport, Server phlo, Server voice) {
      this.transport = transport;
      this.phlo = phlo;
      this.voice = voice;
    }

    Shape of(PlivoRequest request) {
      Shape shape = shapes.get(request.operation());
      if (shape == null) {
        shape = shapes.computeIfAbsent(request.operation(), k -> create(request));
      }
      // An operation name is one request type's; should another type ever share it, its
      // attributes are built for it alone rather than taken from the other's.
      return shape.requestType == request.getClass() ? shape : create(request);
    }

    private Shape create(PlivoRequest request) {
      return new Shape(request, request instanceof CallTransfer ? voice : phlo);
    }
  }

  /**
   * What every operation of one kind over one transport shares, built once: the span names, the
   * attempt's start attributes, and the histogram's attributes per status code and per failure type
   * (bounded: the statuses Plivo answers and the failure classes Handoff throws), so that an
   * attempt neither builds nor sorts an {@link Attributes} of its own.
   */
  private static final class Shape {
    final Class<?> requestType;
    final String operation;
    final String operationName;
    final String attemptName;
    final Attributes start;

    /** By status code, 0-599: an array, so that the lookup boxes nothing. */
    private final AtomicReferenceArray<Attributes> answered = new AtomicReferenceArray<>(600);

    private final AtomicReferenceArray<Attributes> statuses = new AtomicReferenceArray<>(600);

    private final ConcurrentMap<Class<?>, Attributes> failed = new ConcurrentHashMap<>();

    Shape(PlivoRequest request, Server server) {
      this.requestType = request.getClass();
      this.operation = request.operation();
      String method = Wire.method(request).name();
      String uriTemplate = Wire.uriTemplate(request);
      this.operationName = "handoff " + operation;
      this.attemptName = method + " " + uriTemplate;
      this.start =
          Attributes.builder()
              .put(HTTP_REQUEST_METHOD, method)
              .put(SERVER_ADDRESS, server.address)
              .put(SERVER_PORT, server.port)
              .put(URL_TEMPLATE, uriTemplate)
              .build();
    }

    Attributes answered(int status) {
      boolean cached = status >= 0 && status < answered.length();
      Attributes attributes = cached ? answered.get(status) : null;
      if (attributes == null) {
        AttributesBuilder builder = start.toBuilder().put(HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (status >= 400) {
          builder.put(ERROR_TYPE, Integer.toString(status));
        }
        attributes = builder.build();
        if (cached) {
          answered.set(status, attributes); // a race builds equal attributes twice: harmless
        }
      }
      return attributes;
    }

    /** {@code http.response.status_code} alone, for the span. */
    Attributes status(int status) {
      boolean cached = status >= 0 && status < statuses.length();
      Attributes attributes = cached ? statuses.get(status) : null;
      if (attributes == null) {
        attributes = Attributes.of(HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (cached) {
          statuses.set(status, attributes);
        }
      }
      return attributes;
    }

    Attributes failed(Class<?> type) {
      return failed.computeIfAbsent(
          type, t -> start.toBuilder().put(ERROR_TYPE, t.getName()).build());
    }
  }

  /** {@code server.address} and {@code server.port} of a base URL. */
  private record Server(String address, long port) {
    static Server of(URI baseUrl) {
      String host = baseUrl.getHost();
      if (host == null) {
        throw new IllegalArgumentException("a base URL must have a host, was " + baseUrl);
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = baseUrl.getPort();
      if (port == -1) {
        port =
            "http".equals(String.valueOf(baseUrl.getScheme()).toLowerCase(Locale.ROOT)) ? 80 : 443;
      }
      return new Server(host.toLowerCase(Locale.ROOT), port);
    }
  }
}
