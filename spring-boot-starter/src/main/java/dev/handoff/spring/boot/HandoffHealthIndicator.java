package dev.handoff.spring.boot;

import dev.handoff.HandoffConfig;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Handoff's health, from its configuration alone: it sends no request to Plivo, so a health probe
 * spends none of the account's rate budget. Up once the {@code Handoff} bean exists (a wrong
 * configuration fails start-up instead); its details are the masked Auth ID, the base URLs, the
 * transport and the timeouts, never the Auth Token. With handoff-redis wired, it also PINGs the
 * fleet's Redis and is down when Redis does not answer.
 */
final class HandoffHealthIndicator extends AbstractHealthIndicator {
  private final HandoffConfig config;
  private final List<HealthProbe> probes;

  HandoffHealthIndicator(HandoffConfig config, List<HealthProbe> probes) {
    super("Handoff health check failed");
    this.config = config;
    this.probes = List.copyOf(probes);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder
        .up()
        .withDetail("authId", Masking.authId(config.credentials().authId()))
        .withDetail("phloBaseUrl", config.phloBaseUrl().toString())
        .withDetail("voiceBaseUrl", config.voiceBaseUrl().toString())
        .withDetail("transport", config.transport() == null ? "unknown" : config.transport())
        .withDetail("timeout", config.timeout().toString())
        .withDetail("connectTimeout", config.connectTimeout().toString());
    for (HealthProbe probe : probes) {
      // The fleet's budget and store live in Redis: without it, Handoff fails open or closed.
      String failure = probe.failure();
      builder.withDetail(probe.name(), probe.target());
      builder.withDetail(probe.name() + "Reachable", failure == null);
      if (failure != null) {
        builder.down().withDetail(probe.name() + "Failure", failure);
      }
    }
  }
}
