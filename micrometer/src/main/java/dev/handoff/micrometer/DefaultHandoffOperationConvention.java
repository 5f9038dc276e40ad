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
    return context.shape().operationName;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(HandoffOperationContext context) {
    // Built once per operation and outcome and shared (Shape): the same tags as building them here.
    if (!context.finished()) {
      return context.shape().operationStart;
    }
    return context
        .shape()
        .operationEnd(
            context.outcome(), context.statusClass(), context.delivery(), context.retriesBucket());
  }
}
