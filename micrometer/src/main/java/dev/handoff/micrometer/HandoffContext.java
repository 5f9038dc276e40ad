package dev.handoff.micrometer;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.PlivoResponse;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 *
 * <p>Its low-cardinality key values are kept as one immutable, sorted {@link KeyValues} rather than
 * in {@code Observation.Context}'s map: every {@code add}, {@code remove} and {@code get} of them
 * is overridden and behaves as Micrometer documents it (a key added again replaces its value), but
 * {@link #getLowCardinalityKeyValues()} returns the stored instance instead of sorting the map's
 * values into a new one at each call (each meter or tracing handler calls it at each start and
 * stop). When a convention's tags include every key already present (Handoff's do: the end's tags
 * contain the start's), they are stored as given, so a handler sees the same instance for every
 * operation of one kind and outcome.
 */
public abstract sealed class HandoffContext extends Observation.Context
    permits HandoffOperationContext, HandoffAttemptContext {
  private static final KeyValues EMPTY = KeyValues.empty();

  private final PlivoRequest request;
  private final Shape shape;
  private volatile boolean finished;
  private volatile @Nullable PlivoResponse response;
  private volatile @Nullable Throwable failure;
  private volatile KeyValues lowCardinality = EMPTY;

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

  /** Adds {@code keyValue}, replacing the value of its key if present. */
  @Override
  public synchronized Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
    lowCardinality = lowCardinality.and(keyValue);
    return this;
  }

  /** Adds {@code keyValues}, each replacing the value of its key if present. */
  @Override
  public synchronized Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
    lowCardinality = union(lowCardinality, keyValues);
    return this;
  }

  /** Removes the key {@code keyName} and its value, if present. */
  @Override
  public synchronized Observation.Context removeLowCardinalityKeyValue(String keyName) {
    if (getLowCardinalityKeyValue(keyName) != null) {
      List<KeyValue> kept = new ArrayList<>();
      for (KeyValue keyValue : lowCardinality) {
        if (!keyValue.getKey().equals(keyName)) {
          kept.add(keyValue);
        }
      }
      lowCardinality = KeyValues.of(kept);
    }
    return this;
  }

  /** Removes each of {@code keyNames} and its value, if present. */
  @Override
  public synchronized Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
    for (String keyName : keyNames) {
      removeLowCardinalityKeyValue(keyName);
    }
    return this;
  }

  /** The low-cardinality key values, sorted by key: the stored instance, no copy. */
  @Override
  public KeyValues getLowCardinalityKeyValues() {
    return lowCardinality;
  }

  /** The low-cardinality key value of {@code key}, or null when there is none. */
  @Override
  public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
    for (KeyValue keyValue : lowCardinality) {
      if (keyValue.getKey().equals(key)) {
        return keyValue;
      }
    }
    return null;
  }

  /**
   * {@code present} with {@code added}'s values added, {@code added}'s winning on a shared key: the
   * instance {@code added} itself when it has every key of {@code present}.
   */
  static KeyValues union(KeyValues present, KeyValues added) {
    // The start adds to the empty instance; a profile of the load runner's +micrometer rows showed
    // this method, so the common cases are settled without walking the keys.
    if (present == EMPTY || present == added) {
      return added;
    }
    return hasEveryKey(added, present) ? added : present.and(added);
  }

  /** Whether {@code keyValues} has every key of {@code keys}; both are sorted by key. */
  private static boolean hasEveryKey(KeyValues keyValues, KeyValues keys) {
    Iterator<KeyValue> candidates = keyValues.iterator();
    for (KeyValue wanted : keys) {
      String wantedKey = wanted.getKey();
      while (true) {
        if (!candidates.hasNext()) {
          return false;
        }
        String key = candidates.next().getKey();
        // The keys of Handoff's conventions are the same constants: equal strings, one instance.
        int order = key == wantedKey ? 0 : key.compareTo(wantedKey);
        if (order == 0) {
          break;
        }
        if (order > 0) {
          return false;
        }
      }
    }
    return true;
  }
}
