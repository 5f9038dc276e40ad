package dev.handoff.micrometer;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of a {@code handoff.attempt} observation.
 *
 * <ul>
 *   <li>low-cardinality, from the start: {@code operation}, {@code transport}, {@code method},
 *       {@code uri} (the URI template) and {@code retries} (how many retries came before this
 *       attempt: {@code 0}/{@code 1}/{@code 2}/{@code 3+});
 *   <li>low-cardinality, once it ended: {@code outcome}, {@code status} and {@code delivery}, as
 *       for {@link DefaultHandoffOperationConvention}.
 * </ul>
 *
 * <p>No high-cardinality tag: Plivo's {@code api_id} is left out because a response's fields are
 * whatever the peer (or a proxy on the way) wrote, unchecked.
 *
 * <p>The start's tags are those of the counters its events become (see {@link
 * HandoffObservation#RATE_LIMITED}). Extend it to add or change tags.
 */
public class DefaultHandoffAttemptConvention implements HandoffAttemptConvention {
  /** {@code handoff.attempt}. */
  public static final String NAME = "handoff.attempt";

  /** Creates the default convention. */
  public DefaultHandoffAttemptConvention() {}

  /** {@value #NAME}. */
  @Override
  public String getName() {
    return NAME;
  }

  /**
   * {@code <method> <uri template>}, as OpenTelemetry names an HTTP client span: for example {@code
   * POST /v1/phlo/{phlo_id}/multi_party_call/{node_id}}.
   */
  @Override
  public String getContextualName(HandoffAttemptContext context) {
    return context.shape().attemptName;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(HandoffAttemptContext context) {
    // Built once per operation, retries bucket and outcome and shared (Shape): the same tags as
    // building them here.
    if (!context.finished()) {
      return context.shape().attemptStart(context.retriesBucket());
    }
    return context
        .shape()
        .attemptEnd(
            context.retriesBucket(), context.outcome(), context.statusClass(), context.delivery());
  }
}
