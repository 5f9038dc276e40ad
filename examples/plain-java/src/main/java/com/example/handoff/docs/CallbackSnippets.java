package com.example.handoff.docs;

import dev.handoff.callbacks.CallbackRequest;
import dev.handoff.callbacks.CallbackRetry;
import dev.handoff.callbacks.NonceCache;
import dev.handoff.callbacks.PlivoXml;
import dev.handoff.callbacks.PlivoXmlDocument;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.callbacks.Verification;
import dev.handoff.model.Credentials;
import dev.handoff.model.WebhookUrl;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The code of docs/callbacks.md; compiled by this example's build. */
final class CallbackSnippets {
  private CallbackSnippets() {}

  static int verify(String target, Map<String, List<String>> headers, String formBody) {
    SignatureVerifier verifier =
        SignatureVerifier.builder(Credentials.fromEnvironment())
            .publicBaseUrl("https://calls.example.com")            // what Plivo requests, see below
            .nonceCache(NonceCache.inMemory(Duration.ofMinutes(10), 100_000)) // optional
            .build();

    Verification verification = verifier.verify(CallbackRequest.post(target, headers, formBody));
    if (!verification.genuine()) {
      // 403; verification.reason() says why (MISSING_SIGNATURE, SIGNATURE_MISMATCH, REPLAYED_NONCE...)
    }
    return verification.genuine() ? 200 : 403;
  }

  static PlivoXmlDocument transferTarget() {
    PlivoXmlDocument xml = PlivoXml.response()
        .add(PlivoXml.speak("Please hold while we connect you.").voice("WOMAN"))
        .add(PlivoXml.dial().callerName("Support").timeout(20).number("+14152225555"))
        .add(PlivoXml.hangup())
        .build();
    // answer xml.utf8() with Content-Type PlivoXmlDocument.CONTENT_TYPE
    return xml;
  }

  static WebhookUrl retried() {
    WebhookUrl hold = CallbackRetry.builder()
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10)).retryCount(3)
        .retryOn(CallbackRetry.RetryOn.SERVER_ERROR, CallbackRetry.RetryOn.CONNECT_TIMEOUT)
        .build()
        .applyTo(WebhookUrl.of("https://calls.example.com/hold.xml"));
    // https://calls.example.com/hold.xml#ct=2000&rt=10000&rc=3&rp=5xx,ct
    return hold;
  }
}
