package dev.handoff.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

/**
 * The variant runs on the module path: the transport and the Web Client are named modules, and the
 * Web Client's {@code impl} package (its interceptors' {@code HttpContext}) is not exported to the
 * transport, which therefore cannot use it.
 */
class WebClientModulePathTest {
  @Test
  void theTransportAndTheWebClientAreNamedModulesAndImplIsNotExported() {
    Module transport = WebClientCallControl.class.getModule();
    Module webClient = WebClient.class.getModule();

    assertThat(transport.getName()).isEqualTo("dev.handoff.vertx");
    assertThat(webClient.getName()).isEqualTo("io.vertx.web.client");
    assertThat(transport.canRead(webClient)).isTrue();
    assertThat(webClient.isExported("io.vertx.ext.web.client", transport)).isTrue();
    assertThat(webClient.isExported("io.vertx.ext.web.client.impl", transport)).isFalse();
  }
}
