package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.internal.Failures;
import dev.handoff.model.Address;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.TransportFailureException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private static final MemberAction HOLD =
      new MemberAction(
          PhloId.of("phlo-1"),
          NodeId.of("node-1"),
          Address.of("+14152223333"),
          MemberActionType.HOLD);
  private static final long PLENTY = Duration.ofMinutes(1).toNanos();
  private static final TransportFailureException NOT_SENT =
      Failures.get().transportFailure(HOLD, Delivery.NOT_SENT, "refused", null);
  private static final TransportFailureException UNKNOWN =
      Failures.get().transportFailure(HOLD, Delivery.UNKNOWN, "reset", null);
  private static final RateLimitedException RATE_LIMITED =
      (RateLimitedException) Failures.get().plivoError(HOLD, 429, null, null, null, null);

  /** Returns the largest value allowed: the top of the jitter range. */
  private static final RandomGenerator HIGHEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  private static final RandomGenerator LOWEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return 0;
        }
      };

  /** For delays that must not be random. */
  private static final RandomGenerator UNUSED =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new AssertionError("no jitter expected");
        }

        @Override
        public long nextLong(long bound) {
          throw new AssertionError("no jitter expected");
        }
      };

  private final RetryPolicy defaults = RetryPolicy.defaults();

  @Test
  void defaultsAndNone() {
    assertThat(defaults)
        .isEqualTo(
            new RetryPolicy(
                3, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void notSentIsRetriedWithFullJitter() {
    assertThat(defaults.delayBeforeNext(1, NOT_SENT, PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.delayBeforeNext(2, NOT_SENT, PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(200));
    assertThat(defaults.delayBeforeNext(1, NOT_SENT, PLENTY, LOWEST)).isEqualTo(Duration.ZERO);
    assertThat(defaults.delayBeforeNext(2, NOT_SENT, PLENTY, LOWEST)).isEqualTo(Duration.ZERO);
  }

  @Test
  void backoffDoublesUpToMaxDelay() {
    RetryPolicy policy =
        new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ZERO);
    assertThat(policy.delayBeforeNext(3, NOT_SENT, PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayBeforeNext(4, NOT_SENT, PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delayBeforeNext(9, NOT_SENT, PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void rateLimitedWithoutRetryAfterIsRetriedWithJitter() {
    assertThat(defaults.delayBeforeNext(1, RATE_LIMITED, PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void retryAfterIsHonouredNeverEarlier() {
    assertThat(defaults.delayBeforeNext(1, limited(Duration.ofSeconds(3)), PLENTY, LOWEST))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(defaults.delayBeforeNext(2, limited(Duration.ZERO), PLENTY, LOWEST))
        .isEqualTo(Duration.ZERO);
    assertThat(defaults.delayBeforeNext(1, unavailable(503, Duration.ofSeconds(1)), PLENTY, LOWEST))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.delayBeforeNext(1, unavailable(503, Duration.ofSeconds(5)), PLENTY, LOWEST))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retryAfterGetsAnExtraOfATenthFrom100MillisUpTo1Second() {
    // A tenth of 3 s.
    assertThat(defaults.delayBeforeNext(1, limited(Duration.ofSeconds(3)), PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(3300));
    // At least 100 ms, so that "Retry-After: 0" spreads the clients too.
    assertThat(defaults.delayBeforeNext(1, limited(Duration.ZERO), PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(
            defaults.delayBeforeNext(1, unavailable(503, Duration.ofMillis(500)), PLENTY, HIGHEST))
        .isEqualTo(Duration.ofMillis(600));
    // At most 1 s.
    RetryPolicy patient =
        new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(10));
    assertThat(patient.delayBeforeNext(1, limited(Duration.ofMinutes(2)), PLENTY * 10, HIGHEST))
        .isEqualTo(Duration.ofMinutes(2).plusSeconds(1));
  }

  @Test
  void retryAfterJitterIsDrawnFromTheWholeRange() {
    RandomGenerator half =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new UnsupportedOperationException();
          }

          @Override
          public long nextLong(long bound) {
            assertThat(bound).isEqualTo(Duration.ofMillis(200).toNanos() + 1);
            return bound / 2;
          }
        };
    assertThat(defaults.delayBeforeNext(1, limited(Duration.ofSeconds(2)), PLENTY, half))
        .isEqualTo(Duration.ofMillis(2100));
  }

  @Test
  void retryAfterJitterNeverCostsTheAttemptItsDeadline() {
    long remaining = Duration.ofMillis(3050).toNanos();
    Duration delay =
        defaults.delayBeforeNext(1, limited(Duration.ofSeconds(3)), remaining, HIGHEST);
    assertThat(delay).isNotNull();
    assertThat(delay.toNanos()).isLessThan(remaining).isGreaterThanOrEqualTo(3_000_000_000L);
  }

  @Test
  void retryAfterLongerThanMaxRetryAfterEndsTheOperation() {
    assertThat(
            defaults.delayBeforeNext(
                1,
                (RateLimitedException)
                    Failures.get().plivoError(HOLD, 429, null, null, null, Duration.ofMillis(5001)),
                PLENTY,
                UNUSED))
        .isNull();
    assertThat(defaults.delayBeforeNext(1, unavailable(503, Duration.ofSeconds(6)), PLENTY, UNUSED))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504})
  void serverErrorsThatMayHaveTakenEffectAreNeverRetried(int status) {
    assertThat(defaults.delayBeforeNext(1, unavailable(status, null), PLENTY, UNUSED)).isNull();
    assertThat(defaults.delayBeforeNext(1, unavailable(status, Duration.ZERO), PLENTY, UNUSED))
        .isNull();
  }

  @Test
  void neverRetried() {
    for (HandoffException failure :
        new HandoffException[] {
          unavailable(503, null),
          UNKNOWN,
          Failures.get().deadlineExceeded(HOLD, Duration.ofSeconds(1)),
          Failures.get().plivoError(HOLD, 400, null, null, null, null),
          Failures.get().plivoError(HOLD, 404, null, null, null, null),
          Failures.get().plivoError(HOLD, 401, null, null, null, null)
        }) {
      assertThat(defaults.delayBeforeNext(1, failure, PLENTY, UNUSED))
          .as(failure.toString())
          .isNull();
      assertThat(failure.isSafeToResend()).as(failure.toString()).isFalse();
    }
    assertThat(NOT_SENT.isSafeToResend()).isTrue();
    assertThat(RATE_LIMITED.isSafeToResend()).isTrue();
    assertThat(unavailable(503, Duration.ZERO).isSafeToResend()).isTrue();
  }

  @Test
  void noRetryWhenTheDelayWouldPassTheDeadline() {
    long hundredMillis = Duration.ofMillis(100).toNanos();
    assertThat(defaults.delayBeforeNext(1, NOT_SENT, hundredMillis, HIGHEST)).isNull();
    assertThat(defaults.delayBeforeNext(1, NOT_SENT, hundredMillis + 1, HIGHEST))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(
            defaults.delayBeforeNext(
                1,
                (RateLimitedException)
                    Failures.get().plivoError(HOLD, 429, null, null, null, Duration.ofSeconds(3)),
                Duration.ofSeconds(2).toNanos(),
                UNUSED))
        .isNull();
    assertThat(defaults.delayBeforeNext(1, NOT_SENT, 0, LOWEST)).isNull();
  }

  @Test
  void noneNeverRetries() {
    RetryPolicy none = RetryPolicy.none();
    assertThat(none.delayBeforeNext(1, NOT_SENT, PLENTY, LOWEST)).isNull();
    assertThat(none.delayBeforeNext(1, RATE_LIMITED, PLENTY, LOWEST)).isNull();
    assertThat(none.delayBeforeNext(1, unavailable(503, Duration.ZERO), PLENTY, LOWEST)).isNull();
  }

  @Test
  void stopsAtMaxAttempts() {
    assertThat(defaults.delayBeforeNext(2, NOT_SENT, PLENTY, LOWEST)).isNotNull();
    assertThat(defaults.delayBeforeNext(3, NOT_SENT, PLENTY, LOWEST)).isNull();
    RetryPolicy five =
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
    assertThat(five.delayBeforeNext(4, RATE_LIMITED, PLENTY, LOWEST)).isNotNull();
    assertThat(five.delayBeforeNext(5, RATE_LIMITED, PLENTY, LOWEST)).isNull();
  }

  @Test
  void constructorRules() {
    Duration ms = Duration.ofMillis(1);
    assertThatThrownBy(() -> new RetryPolicy(0, ms, ms, ms))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be 1-10, was 0");
    assertThatThrownBy(() -> new RetryPolicy(11, ms, ms, ms))
        .hasMessage("maxAttempts must be 1-10, was 11");
    assertThat(new RetryPolicy(10, ms, ms, Duration.ZERO).maxAttempts()).isEqualTo(10);
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, ms, ms))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseDelay must be positive, was PT0S");
    assertThatThrownBy(() -> new RetryPolicy(2, ms.negated(), ms, ms))
        .hasMessageStartingWith("baseDelay must be positive");
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofMillis(2), ms, ms))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be at least baseDelay, was PT0.001S");
    assertThatThrownBy(() -> new RetryPolicy(2, ms, ms, ms.negated()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRetryAfter must not be negative, was PT-0.001S");
    assertThatNullPointerException()
        .isThrownBy(() -> new RetryPolicy(2, null, ms, ms))
        .withMessage("baseDelay == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new RetryPolicy(2, ms, null, ms))
        .withMessage("maxDelay == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new RetryPolicy(2, ms, ms, null))
        .withMessage("maxRetryAfter == null");
  }

  private static RateLimitedException limited(Duration retryAfter) {
    return (RateLimitedException)
        Failures.get().plivoError(HOLD, 429, null, null, null, retryAfter);
  }

  private static PlivoUnavailableException unavailable(int status, Duration retryAfter) {
    return (PlivoUnavailableException)
        Failures.get().plivoError(HOLD, status, null, null, null, retryAfter);
  }
}
