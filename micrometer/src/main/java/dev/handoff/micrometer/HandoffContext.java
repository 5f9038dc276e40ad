package dev.handoff.micrometer;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.PlivoResponse;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What Handoff's observations record about one operation ({@link HandoffOperationContext}) or one
 * attempt ({@link HandoffAttemptContext}): the request, the transport, and once it ended, Plivo's
 * response or the failure. A convention reads it to make names and tags.
 *
 * <p>{@link #request()} holds phone numbers, SIP addresses and identifiers: a convention must never
 * put its fields in a low-cardinality tag, and should think twice before a high-cardinality one.
 * The derived values ({@link #outcome()}, {@link #statusClass()}, {@link #delivery()}, {@link
 * #uriTemplate()}) are bounded and hold none of them.
 */
public abstract sealed class HandoffContext extends Observation.Context
    permits HandoffOperationContext, HandoffAttemptContext {
  private final PlivoRequest request;
  private final Shape shape;
  private volatile boolean finished;
  private volatile @Nullable PlivoResponse response;
  private volatile @Nullable Throwable failure;

  HandoffContext(PlivoRequest request, Shape shape) {
    this.request = request;
    this.shape = shape;
  }

  /** What every operation of this kind over this transport shares: its names and default tags. */
  Shape shape() {
    return shape;
  }

  /** The request, as the application built it. Holds personal data: never a tag. */
  public PlivoRequest request() {
    return request;
  }

  /** The request's {@link PlivoRequest#operation()}, for example {@code "warm_transfer"}. */
  public String operation() {
    return shape.operation;
  }

  /** The transport's name, as given to {@link HandoffObservation#register}. */
  public String transport() {
    return shape.transport;
  }

  /** The HTTP method of the request: {@code GET} or {@code POST}. */
  public String method() {
    return shape.method;
  }

  /**
   * The URI template of the request, for example {@code
   * /v1/phlo/{phlo_id}/multi_party_call/{node_id}}: never the path, which holds the Auth ID and
   * phone numbers.
   */
  public String uriTemplate() {
    return shape.uriTemplate;
  }

  /** Whether the operation or attempt ended: {@link #response()} or {@link #failure()} is set. */
  public boolean finished() {
    return finished;
  }

  /**
   * Plivo's last response, any status, or null when there was none (a transport failure) or it has
   * not ended yet.
   */
  public @Nullable PlivoResponse response() {
    return response;
  }

  /**
   * What the operation or attempt failed with when no response came back: a {@link
   * dev.handoff.model.HandoffException} or a {@link java.util.concurrent.CancellationException};
   * null otherwise. A response with an error status is in {@link #response()} instead.
   */
  public @Nullable Throwable failure() {
    return failure;
  }

  /**
   * {@code success}; the simple name of the {@link dev.handoff.model.PlivoErrorException} an error
   * response means ({@code RateLimitedException}) or of the failure ({@code
   * TransportFailureException}, {@code DeadlineExceededException}); {@code none} before the end.
   */
  public String outcome() {
    return Outcomes.outcome(response, failure);
  }

  /** {@code 2xx}, {@code 4xx}, {@code 5xx} (the response's status class), or {@code none}. */
  public String statusClass() {
    return Outcomes.statusClass(response);
  }

  /**
   * For a {@link dev.handoff.model.TransportFailureException}, its delivery: {@code NOT_SENT} or
   * {@code UNKNOWN}; otherwise {@code none}.
   */
  public String delivery() {
    return Outcomes.delivery(failure);
  }

  /** Records the end; before the observation stops, so that its convention sees it. */
  void end(@Nullable PlivoResponse response, @Nullable Throwable failure) {
    this.response = response;
    this.failure = failure;
    if (failure != null) {
      setError(failure);
    }
    this.finished = true;
  }
}
