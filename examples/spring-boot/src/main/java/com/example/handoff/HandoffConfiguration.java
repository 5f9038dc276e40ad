package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HandoffConfiguration {
  /** One Handoff for the application; Spring closes it (and its OkHttp client) on shutdown. */
  @Bean(destroyMethod = "close")
  Handoff handoff(HandoffProperties properties) {
    HandoffConfig config = HandoffConfig.builder(
            new Credentials(properties.authId(), properties.authToken()))
        .phloBaseUrl(properties.phloBaseUrl())
        .voiceBaseUrl(properties.voiceBaseUrl())
        .connectTimeout(properties.connectTimeout())
        .timeout(properties.timeout())
        .build();
    return Handoff.create(config);
  }
}
