package com.example.handoff.docs;

import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.RetryPolicy;
import dev.handoff.TransferListener;
import dev.handoff.model.Credentials;
import dev.handoff.model.HandoffException;
import dev.handoff.model.PlivoRequest;
import java.security.KeyStore;
import java.time.Duration;

/** The code of docs/configuration.md and docs/transports.md; compiled by this example's build. */
final class ConfigurationSnippets {
  private ConfigurationSnippets() {}

  static HandoffConfig everyOptionAtItsDefault() {
    HandoffConfig config = HandoffConfig.builder(Credentials.fromEnvironment())
        .phloBaseUrl("https://phlorunner.plivo.com")
        .voiceBaseUrl("https://api.plivo.com")
        .connectTimeout(Duration.ofSeconds(5))
        .timeout(Duration.ofSeconds(15))
        .retryPolicy(RetryPolicy.defaults())
        .listener(TransferListener.NONE)
        .build();
    return config;
  }

  static HandoffConfig tuned(HandoffConfig config) {
    RetryPolicy patient = new RetryPolicy(
        5,                        // attempts in all
        Duration.ofMillis(200),   // first backoff, at most
        Duration.ofSeconds(3),    // backoff cap
        Duration.ofSeconds(10));  // longest Retry-After honoured
    HandoffConfig tuned = config.toBuilder()
        .timeout(Duration.ofSeconds(30))
        .retryPolicy(patient)
        .build();
    return tuned;
  }

  static TransferListener listener() {
    TransferListener failures = new TransferListener() {
      @Override
      public void retryScheduled(
          PlivoRequest request, int attempt, Duration delay, HandoffException reason) {
        System.err.printf("%s: attempt %d failed (%s), retrying in %d ms%n",
            request.operation(), attempt, reason.getMessage(), delay.toMillis());
      }

      @Override
      public void operationFailed(
          PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
        System.err.printf("%s failed after %d attempt(s) in %d ms: %s%n",
            request.operation(), attempts, elapsed.toMillis(), failure.getMessage());
      }
    };
    return failures;
  }

  static HandoffConfig behindACorporateProxy(KeyStore corporateCa) {
    HandoffConfig config = HandoffConfig.builder(Credentials.fromEnvironment())
        .proxy(HttpProxy.of("proxy.corp.example", 3128)
            .withCredentials("svc-transfers", System.getenv("PROXY_PASSWORD"))
            .bypassing("localhost", "*.corp.example"))
        .trustedCertificates(corporateCa)   // a KeyStore of CA certificates; or .sslContext(context)
        .build();
    return config;
  }
}
