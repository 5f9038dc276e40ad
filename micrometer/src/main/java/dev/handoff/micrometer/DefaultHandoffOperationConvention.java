package dev.handoff.micrometer;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of a {@code handoff.operation} observation; every tag is
 * low-cardinality.
 *
 * <ul>
 *   <li>from the start: {@code operation} ({@code warm_transfer}...), {@code transport}, {@code
 *       method} and {@code uri} (the URI template);
 *   <li>once it ended: {@code outcome} ({@link HandoffContext#outcome()}), {@code status} ({@code
 *       2xx}/{@code 4xx}/{@code 5xx}/{@code none}), {@code delivery} ({@code NOT_SENT}/{@code
 *       UNKNOWN}/{@code none}) and {@code retries} ({@code 0}/{@code 1}/{@code 2}/{@code 3+}).
 * </ul>
 *
 * <p>The start's tags are also those of the counters its events become (see {@link
 * HandoffObservation#RETRY}). No high-cardinality tag. Extend it to add or change tags.
 */
public class DefaultHandoffOperationConvention implements HandoffOperationConvention {
  /** {@code handoff.operation}. */
  public static final String NAME = "handoff.operation";

  /** Creates the default convention. */
  public DefaultHandoffOperationConvention() {}

  /** {@value #NAME}. */
  @Override
  public String getName() {
    return NAME;
  }

  /** {@code handoff <operation>}, for example {@code handoff warm_transfer}: a span's name. */
  @Override
  public String getContextualName(HandoffOperationContext context) {
    return "handoff " + context.operation();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(HandoffOperationContext context) {
    KeyValues start =
        KeyValues.of(
            "operation", context.operation(),
            "transport", context.transport(),
            "method", context.method(),
            "uri", context.uriTemplate());
    if (!context.finished()) {
      return start;
    }
    return start.and(
        "outcome", context.outcome(),
        "status", context.statusClass(),
        "delivery", context.delivery(),
        "retries", context.retriesBucket());
  }
}
