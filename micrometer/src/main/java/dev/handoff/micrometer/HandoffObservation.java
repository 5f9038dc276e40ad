package dev.handoff.micrometer;

import dev.handoff.HandoffConfig;
import dev.handoff.Interceptor;
import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoResponse;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Observes Handoff with Micrometer's Observation API: one instrumentation that becomes metrics
 * (with a {@code DefaultMeterObservationHandler}) and traces (with Micrometer Tracing).
 *
 * <pre>{@code
 * CallControl transport = ...;
 * HandoffConfig.Builder builder = HandoffConfig.builder(credentials);
 * HandoffObservation.create(observationRegistry).register(builder, transport);
 * Handoff handoff = Handoff.create(transport, builder.build());
 * }</pre>
 *
 * <ul>
 *   <li>{@code handoff.operation}: one observation per {@code Handoff} call, from its operation
 *       interceptor's start to its outcome, a child of the observation current on the caller's
 *       thread; {@link HandoffOperationContext}, named and tagged by {@link
 *       DefaultHandoffOperationConvention}.
 *   <li>{@code handoff.attempt}: one per attempt (the first and each retry), a child of its
 *       operation's; {@link HandoffAttemptContext}, {@link DefaultHandoffAttemptConvention}. It is
 *       in scope while the attempt is handed to the transport, so an instrumented HTTP client nests
 *       its own observation under it.
 *   <li>events, which a {@code DefaultMeterObservationHandler} counts as {@code
 *       <observation>.<event>}: {@link #RETRY} ({@code handoff.operation.retries}) and {@link
 *       #RATE_LIMITED} ({@code handoff.attempt.rate_limited}).
 * </ul>
 *
 * <p>Tags are low-cardinality only and never hold the path, a phone number, a SIP address or a
 * credential: the URI is its template. Immutable and thread-safe; with a no-op registry the
 * interceptors pass every operation on untouched.
 *
 * <p>Other interceptors may record their own events on the operation's observation ({@link
 * #operationObservation}): a rate limiter its waits, a de-duplicator the sends it answered from its
 * store.
 */
public final class HandoffObservation {
  /**
   * Recorded on the operation's observation when a retry starts; counted as {@code
   * handoff.operation.retries}, tagged with the operation's start tags.
   */
  public static final Observation.Event RETRY = Observation.Event.of("retries", "retry");

  /**
   * Recorded on an attempt's observation when Plivo answered it with HTTP 429; counted as {@code
   * handoff.attempt.rate_limited}, tagged with the attempt's start tags.
   */
  public static final Observation.Event RATE_LIMITED =
      Observation.Event.of("rate_limited", "HTTP 429");

  /** The key of the operation's observation in {@link Interceptor.Chain#attributes()}. */
  private static final Object KEY = new Object();

  private static final DefaultHandoffOperationConvention DEFAULT_OPERATION =
      new DefaultHandoffOperationConvention();
  private static final DefaultHandoffAttemptConvention DEFAULT_ATTEMPT =
      new DefaultHandoffAttemptConvention();

  private final ObservationRegistry registry;
  private final @Nullable HandoffOperationConvention operationConvention;
  private final @Nullable HandoffAttemptConvention attemptConvention;

  private HandoffObservation(
      ObservationRegistry registry,
      @Nullable HandoffOperationConvention operationConvention,
      @Nullable HandoffAttemptConvention attemptConvention) {
    this.registry = registry;
    this.operationConvention = operationConvention;
    this.attemptConvention = attemptConvention;
  }

  /**
   * Observations into {@code registry}, with the default conventions (or those registered in the
   * registry's {@code observationConfig()}).
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public static HandoffObservation create(ObservationRegistry registry) {
    return new HandoffObservation(Objects.requireNonNull(registry, "registry"), null, null);
  }

  /**
   * A copy that names and tags {@code handoff.operation} with {@code convention} instead of the
   * default.
   *
   * @throws NullPointerException if {@code convention} is null
   */
  public HandoffObservation withOperationConvention(HandoffOperationConvention convention) {
    return new HandoffObservation(
        registry, Objects.requireNonNull(convention, "convention"), attemptConvention);
  }

  /**
   * A copy that names and tags {@code handoff.attempt} with {@code convention} instead of the
   * default.
   *
   * @throws NullPointerException if {@code convention} is null
   */
  public HandoffObservation withAttemptConvention(HandoffAttemptConvention convention) {
    return new HandoffObservation(
        registry, operationConvention, Objects.requireNonNull(convention, "convention"));
  }

  /**
   * Adds the operation interceptor and the attempt interceptor to {@code builder}, tagged with
   * {@code transport}'s {@link CallControl#name()}. Call it before adding other interceptors, so
   * that the observations include what those do.
   *
   * @return {@code builder}
   * @throws NullPointerException if an argument is null
   */
  public HandoffConfig.Builder register(HandoffConfig.Builder builder, CallControl transport) {
    return register(builder, Objects.requireNonNull(transport, "transport").name());
  }

  /**
   * Adds the operation interceptor and the attempt interceptor to {@code builder}, tagged with the
   * transport name {@code transport} (for example {@code "retrofit"}). Call it before adding other
   * interceptors, so that the observations include what those do.
   *
   * @return {@code builder}
   * @throws NullPointerException if an argument is null
   */
  public HandoffConfig.Builder register(HandoffConfig.Builder builder, String transport) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(transport, "transport");
    Shape.Cache shapes = new Shape.Cache(transport);
    return builder
        .addOperationInterceptor(chain -> aroundOperation(chain, shapes))
        .addAttemptInterceptor(chain -> aroundAttempt(chain, shapes));
  }

  /**
   * The {@code handoff.operation} observation of the operation {@code chain} belongs to, for an
   * interceptor registered after this one that records events on it; null when there is none (not
   * registered, or a no-op registry).
   */
  public static @Nullable Observation operationObservation(Interceptor.Chain chain) {
    return chain.attributes().get(KEY) instanceof Observation observation ? observation : null;
  }

  private CompletionStage<PlivoResponse> aroundOperation(
      Interceptor.Chain chain, Shape.Cache shapes) {
    if (registry.isNoop()) {
      return chain.proceed();
    }
    PlivoRequest request = chain.request();
    HandoffOperationContext context = new HandoffOperationContext(request, shapes.of(request));
    Observation observation =
        Observation.createNotStarted(
                operationConvention, DEFAULT_OPERATION, () -> context, registry)
            .start();
    chain.attributes().put(KEY, observation);
    return observe(observation, context, chain);
  }

  private CompletionStage<PlivoResponse> aroundAttempt(
      Interceptor.Chain chain, Shape.Cache shapes) {
    if (registry.isNoop()) {
      return chain.proceed();
    }
    Observation parent = operationObservation(chain);
    int attempt = chain.attempt();
    if (parent != null) {
      if (parent.getContext() instanceof HandoffOperationContext operation) {
        operation.attemptStarted(attempt);
      }
      if (attempt > 1) {
        parent.event(RETRY);
      }
    }
    PlivoRequest request = chain.request();
    HandoffAttemptContext context = new HandoffAttemptContext(request, shapes.of(request), attempt);
    Observation observation =
        Observation.createNotStarted(attemptConvention, DEFAULT_ATTEMPT, () -> context, registry)
            .parentObservation(parent)
            .start();
    return observe(observation, context, chain);
  }

  /** Passes the chain on with {@code observation} in scope, and stops it when the answer comes. */
  private static CompletionStage<PlivoResponse> observe(
      Observation observation, HandoffContext context, Interceptor.Chain chain) {
    CompletionStage<PlivoResponse> stage;
    try (Observation.Scope scope = observation.openScope()) {
      stage = chain.proceed();
    } catch (RuntimeException e) {
      context.end(null, e);
      observation.stop();
      throw e;
    }
    return stage.whenComplete(
        (response, failure) -> {
          Throwable cause = Outcomes.unwrap(failure);
          context.end(cause == null ? response : null, cause);
          if (response != null && response.status() == 429) {
            observation.event(RATE_LIMITED);
          }
          observation.stop();
        });
  }
}
