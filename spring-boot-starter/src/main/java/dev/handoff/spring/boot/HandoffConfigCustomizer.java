package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;

/**
 * A bean that adjusts the {@link HandoffConfig} the starter builds from the {@code handoff.*}
 * properties, after them: to add a {@link dev.handoff.TransferListener}, an {@link
 * dev.handoff.Interceptor} or an executor, say. Customizers run in their {@code @Order}; the
 * Micrometer observations are registered before all of them, so they include what the customizers'
 * interceptors do.
 */
@FunctionalInterface
public interface HandoffConfigCustomizer {

  /** Changes {@code builder}, which already holds the properties' values. */
  void customize(HandoffConfig.Builder builder);
}
