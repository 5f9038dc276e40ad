package dev.handoff;

import dev.handoff.internal.Checks;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A rate budget shared by every {@link Handoff} that uses it: at most {@link #limit()} requests in
 * any window, per key (Handoff uses one key per Plivo account, derived from a one-way hash of the
 * Auth ID). Configured with {@link HandoffConfig.Builder#rateBudget}, a permit is taken before each
 * attempt, the first and every retry; an attempt waits (asynchronously, within the operation's
 * deadline) for a permit, or fails at once with {@link
 * dev.handoff.model.RateBudgetExhaustedException} when the wait would pass the deadline.
 *
 * <p><b>A permit counts while its request is in flight, and for one window after.</b> A permit
 * counts from when it is taken until it is {@linkplain #release released} (Handoff releases it when
 * the attempt's response or failure arrives), and then for one more {@link RateLimit#window()} from
 * that release. The request reaches the server at some moment between the two, so however its delay
 * on the way varies, no window at the server can see more than {@link RateLimit#permits()}
 * arrivals. A permit never released (its instance stopped) counts until {@code hold} after it was
 * taken, plus one window. The cost: each permit occupies its slot for the request's latency longer
 * than a window, so at full demand the budget used falls by about latency ÷ window.
 *
 * <p>{@link #inMemory} shares a budget within one JVM; the {@code handoff-redis} module shares one
 * across a fleet. Implementations are thread-safe and never block: each method returns at once and
 * completes later (a Redis round trip, say). {@code RateBudgetContract} in {@code
 * handoff-testkit-junit5} checks an implementation.
 */
public interface RateBudget extends AutoCloseable {

  /** The limit this budget enforces. */
  RateLimit limit();

  /**
   * Takes one permit for {@code key} if fewer than {@link RateLimit#permits()} permits count now
   * (in flight, or released less than a window ago).
   *
   * @param key the budget's name, such as {@code handoff:{hash}:budget}; at most 256 characters
   * @param hold the longest the permit may stay in flight: Handoff passes the time left before the
   *     operation's deadline; an unreleased permit stops counting {@code hold} plus one window
   *     after it was taken
   * @return a stage completed with the permit, {@linkplain Permit#granted() granted} or refused
   *     with how long until one may be free (positive, at most the window); failed when the
   *     budget's store failed (Handoff then fails open or closed, see {@link
   *     HandoffConfig.Builder#rateBudget})
   */
  CompletionStage<Permit> tryAcquire(String key, Duration hold);

  /**
   * Marks a granted permit's request as finished: from now it counts for one more window, then no
   * longer. Releasing a refused permit does nothing; releasing one twice restarts its window.
   *
   * @return a stage completed when the store has it; failed when the store failed (Handoff reports
   *     that as {@link TransferListener#coordinationFailed}, never as a failure of the operation)
   */
  CompletionStage<Void> release(Permit permit);

  /** Releases what the budget holds (a connection); the default does nothing. */
  @Override
  default void close() {}

  /**
   * A budget kept in this JVM's memory: an exact log of the permits that count, so no window of
   * {@link RateLimit#window()} ever sees more than {@link RateLimit#permits()} requests arrive.
   * Shared by every Handoff given the same instance.
   *
   * @throws NullPointerException if {@code limit} is null
   */
  static RateBudget inMemory(RateLimit limit) {
    return new MemoryRateBudget(limit, System::nanoTime);
  }

  /**
   * What {@link #tryAcquire} answered: a permit taken (an {@code id} the budget chose, {@code
   * retryAfter} zero), or a refusal (no {@code id}, {@code retryAfter} positive).
   *
   * @param key the budget's key
   * @param id the permit's name in the budget, to {@linkplain #release release} it; null when
   *     refused
   * @param retryAfter zero when granted; else how long until a permit may be free
   */
  record Permit(String key, @Nullable String id, Duration retryAfter) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a granted permit has a wait, or a refusal none
     */
    public Permit {
      Checks.notNull(key, "key");
      Checks.notNull(retryAfter, "retryAfter");
      if (id != null && !retryAfter.isZero()) {
        throw new IllegalArgumentException("a granted permit has no wait, was " + retryAfter);
      }
      if (id == null && (retryAfter.isZero() || retryAfter.isNegative())) {
        throw new IllegalArgumentException("a refusal says how long to wait, was " + retryAfter);
      }
    }

    /** A permit taken, named {@code id}. */
    public static Permit granted(String key, String id) {
      return new Permit(key, Checks.notNull(id, "id"), Duration.ZERO);
    }

    /** A refusal: a permit may be free after {@code retryAfter} (positive). */
    public static Permit refused(String key, Duration retryAfter) {
      return new Permit(key, null, retryAfter);
    }

    /** Whether the permit was taken. */
    public boolean granted() {
      return id != null;
    }
  }
}
