package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.TransportFailureException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When Handoff sends a request again: exactly the failures whose {@link
 * HandoffException#isSafeToResend()} is true. A call transfer is not idempotent (sent twice, it
 * dials the target twice), so for transfers and actions only failures that <em>certainly did not
 * take effect</em> are retried:
 *
 * <ul>
 *   <li>a {@link TransportFailureException} whose delivery is {@link Delivery#NOT_SENT} (connection
 *       refused, host not found, connect timeout);
 *   <li>{@link RateLimitedException} (HTTP 429);
 *   <li>{@link PlivoUnavailableException} with status 503 <em>and</em> a {@code Retry-After}
 *       header.
 * </ul>
 *
 * <p>Never a 500, 502 or 504, a timeout after the request was written, or a reset connection. A
 * read ({@link dev.handoff.model.PlivoRequest#isRead()}: reading a node or a live call) changes
 * nothing, so it is retried on those too: on any transport failure and any 5xx.
 *
 * <p>Attempt {@code n + 1} waits {@code Retry-After} when Plivo gave one (and it is at most {@link
 * #maxRetryAfter()}; a longer one ends the operation with the 429/503), plus a random extra of up
 * to a tenth of it, at least 100 ms and at most 1 s; otherwise a random delay between 0 and {@code
 * min(maxDelay, baseDelay × 2^(n-1))} ("full jitter"). The extra spreads the clients that one 429
 * storm told to come back at the same instant, which would otherwise all return together; it never
 * makes an attempt earlier than Plivo asked, and is cut so as not to cost the attempt its deadline.
 * An attempt is made only if its delay ends inside the operation's timeout ({@link
 * HandoffConfig#timeout()}).
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param baseDelay the backoff before the second attempt, at most; positive
 * @param maxDelay the cap of the backoff; at least {@code baseDelay}, at most 10 minutes
 * @param maxRetryAfter the longest {@code Retry-After} Handoff waits for; 0 to 10 minutes
 */
public record RetryPolicy(
    int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

  private static final long MIN_RETRY_AFTER_JITTER = Duration.ofMillis(100).toNanos();
  private static final long MAX_RETRY_AFTER_JITTER = Duration.ofSeconds(1).toNanos();
  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5));
  private static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ZERO);

  /**
   * @throws IllegalArgumentException naming the field whose rule above is broken
   * @throws NullPointerException naming a null field
   */
  public RetryPolicy {
    Checks.notNull(baseDelay, "baseDelay");
    Checks.notNull(maxDelay, "maxDelay");
    Checks.notNull(maxRetryAfter, "maxRetryAfter");
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be 1-10, was " + maxAttempts);
    }
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("baseDelay must be positive, was " + baseDelay);
    }
    if (maxDelay.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("maxDelay must be at most 10 minutes, was " + maxDelay);
    }
    if (maxRetryAfter.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "maxRetryAfter must be at most 10 minutes, was " + maxRetryAfter);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be at least baseDelay, was " + maxDelay);
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "maxRetryAfter must not be negative, was " + maxRetryAfter);
    }
  }

  /**
   * The default: 3 attempts in all, full-jitter backoff from 100 ms capped at 2 s, {@code
   * Retry-After} honoured up to 5 s (with its extra of 100 ms to 1 s).
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt only: nothing is ever retried. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * The wait before the next attempt, or null when there is none.
   *
   * @param attemptsMade attempts made so far, at least 1
   * @param failure why the last attempt failed
   * @param remainingNanos the time left before the operation's deadline, in nanoseconds
   * @param random the source of jitter
   */
  @Nullable Duration delayBeforeNext(
      int attemptsMade, HandoffException failure, long remainingNanos, RandomGenerator random) {
    if (attemptsMade >= maxAttempts || !failure.isSafeToResend()) {
      return null;
    }
    Duration retryAfter = retryAfter(failure);
    long delayNanos;
    if (retryAfter != null) {
      if (retryAfter.compareTo(maxRetryAfter) > 0) {
        return null;
      }
      delayNanos = retryAfter.toNanos();
      if (delayNanos >= remainingNanos) {
        return null;
      }
      // Never earlier than Plivo asked; the extra is cut to end before the deadline.
      long extra = Math.min(retryAfterJitterNanos(delayNanos), remainingNanos - delayNanos - 1);
      delayNanos += random.nextLong(extra + 1);
    } else {
      long base = baseDelay.toNanos();
      int shift = Math.min(attemptsMade - 1, 30);
      long ceiling = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
      long bound = Math.min(maxDelay.toNanos(), ceiling);
      delayNanos = random.nextLong(bound + 1);
    }
    return delayNanos < remainingNanos ? Duration.ofNanos(delayNanos) : null;
  }

  /** The most added to a {@code Retry-After} wait: a tenth of it, from 100 ms up to 1 s. */
  static long retryAfterJitterNanos(long retryAfterNanos) {
    return Math.max(MIN_RETRY_AFTER_JITTER, Math.min(MAX_RETRY_AFTER_JITTER, retryAfterNanos / 10));
  }

  private static @Nullable Duration retryAfter(HandoffException failure) {
    if (failure instanceof RateLimitedException limited) {
      return limited.retryAfter();
    }
    if (failure instanceof PlivoUnavailableException unavailable) {
      return unavailable.retryAfter();
    }
    return null;
  }
}
