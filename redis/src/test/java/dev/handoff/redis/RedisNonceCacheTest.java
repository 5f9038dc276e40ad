package dev.handoff.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.callbacks.CallbackRequest;
import dev.handoff.callbacks.NonceCache;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.callbacks.Verification;
import dev.handoff.model.Credentials;
import dev.handoff.testkit.PlivoCallbacks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fleet's replay guard for Plivo callbacks, against a real redis-server. */
class RedisNonceCacheTest {
  private static final Credentials CREDENTIALS =
      new Credentials("MAREDISNONCE00000000", "nonce-token-0123456789abcdef");

  @Test
  void aNonceIsFirstSeenOnceAcrossInstancesAndItsKeyExpires() throws Exception {
    try (RedisProcess server = RedisProcess.start();
        RedisCoordination one = RedisCoordination.create(server.url());
        RedisCoordination two = RedisCoordination.create(server.url())) {
      NonceCache first = RedisNonceCache.create(one, Duration.ofMinutes(5));
      NonceCache second = RedisNonceCache.create(two, Duration.ofMinutes(5));

      assertThat(first.firstSeenAsync("n-1").toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isTrue();
      assertThat(second.firstSeen("n-1")).as("the other instance sees the replay").isFalse();
      assertThat(second.firstSeen("n-2")).isTrue();
      io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(server.url());
      try (var connection = client.connect()) {
        assertThat(
                connection.sync().pttl("handoff:callbacks:nonce:" + RedisNonceCache.sha256("n-1")))
            .as("the nonce's key expires with the retention")
            .isBetween(1L, 300_000L);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aSignedCallbackReplayedOnAnotherInstanceIsNotGenuine() throws Exception {
    try (RedisProcess server = RedisProcess.start();
        RedisCoordination one = RedisCoordination.create(server.url());
        RedisCoordination two = RedisCoordination.create(server.url())) {
      String url = "https://calls.example.com/hold.xml";
      List<Map.Entry<String, String>> params = List.of(Map.entry("CallUUID", "u-1"));
      Map<String, String> headers =
          PlivoCallbacks.sign(CREDENTIALS, "POST", java.net.URI.create(url), params);
      CallbackRequest request =
          CallbackRequest.post("/hold.xml", multi(headers), PlivoCallbacks.formBody(params));
      SignatureVerifier a = verifier(RedisNonceCache.create(one, Duration.ofMinutes(5)));
      SignatureVerifier b = verifier(RedisNonceCache.create(two, Duration.ofMinutes(5)));

      assertThat(a.verifyAsync(request).toCompletableFuture().get(5, TimeUnit.SECONDS).genuine())
          .isTrue();
      Verification replay = b.verifyAsync(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(replay.reason()).isEqualTo(Verification.Reason.REPLAYED_NONCE);
    }
  }

  @Test
  void redisDownFailsTheCacheAndNeverAnswersFirstSeen() {
    RedisProcess server = RedisProcess.start();
    String url = server.url();
    server.close();
    try (RedisCoordination down = RedisCoordination.create(url, Duration.ofMillis(300))) {
      NonceCache cache = RedisNonceCache.create(down, Duration.ofMinutes(5));
      assertThatThrownBy(() -> cache.firstSeen("n-1"))
          .isInstanceOf(RedisUnavailableException.class)
          .hasMessageStartingWith("Redis at redis://127.0.0.1");
      assertThatThrownBy(() -> RedisNonceCache.create(down, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("retention");
    }
  }

  private static SignatureVerifier verifier(NonceCache cache) {
    return SignatureVerifier.builder(CREDENTIALS)
        .publicBaseUrl("https://calls.example.com")
        .nonceCache(cache)
        .build();
  }

  private static Map<String, List<String>> multi(Map<String, String> headers) {
    Map<String, List<String>> all = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> all.put(name, List.of(value)));
    return all;
  }
}
