package com.example.handoff;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code handoff.*} properties. Only the credentials and the PHLO's ids are required; every
 * other property falls back to Handoff's default.
 */
@ConfigurationProperties("handoff")
public record HandoffProperties(
    String authId,
    String authToken,
    String phloId,
    String nodeId,
    @DefaultValue("https://phlorunner.plivo.com") URI phloBaseUrl,
    @DefaultValue("https://api.plivo.com") URI voiceBaseUrl,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("15s") Duration timeout) {

  /** Never shows the token (a record's own toString would). */
  @Override
  public String toString() {
    return "HandoffProperties[authId=" + authId + ", phloId=" + phloId + ", nodeId=" + nodeId + "]";
  }
}
