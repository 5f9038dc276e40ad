package dev.handoff.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void aNonceIsNewOnceWithinTheRetentionAndNewAgainAfter() {
    InMemoryNonceCache cache = new InMemoryNonceCache(Duration.ofNanos(100), 10, now::get);
    assertThat(cache.firstSeen("a")).isTrue();
    assertThat(cache.firstSeen("a")).isFalse();
    now.addAndGet(99);
    assertThat(cache.firstSeen("a")).isFalse();
    assertThat(cache.firstSeen("b")).isTrue();
    now.addAndGet(1);
    assertThat(cache.firstSeen("a")).as("expired").isTrue();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void theCacheIsBoundedAndForgetsTheOldestFirst() {
    InMemoryNonceCache cache = new InMemoryNonceCache(Duration.ofHours(1), 3, now::get);
    for (String nonce : List.of("1", "2", "3", "4")) {
      assertThat(cache.firstSeen(nonce)).isTrue();
    }
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.firstSeen("2")).isFalse();
    assertThat(cache.firstSeen("1")).as("forgotten").isTrue();
  }

  @Test
  void ofConcurrentCallsWithOneNonceExactlyOneIsFirst() throws Exception {
    NonceCache cache = NonceCache.inMemory(Duration.ofMinutes(1), 1000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.firstSeen("same");
                }));
      }
      start.countDown();
      int first = 0;
      for (Future<Boolean> answer : answers) {
        first += answer.get() ? 1 : 0;
      }
      assertThat(first).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidBoundsAreRefused() {
    assertThatThrownBy(() -> NonceCache.inMemory(Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
    assertThatThrownBy(() -> NonceCache.inMemory(Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
    assertThat(NonceCache.inMemory(Duration.ofDays(365_000_000L), 1).firstSeen("x")).isTrue();
  }
}
