package dev.handoff;

import dev.handoff.internal.Failures;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The attempt interceptor of {@link HandoffConfig.Builder#rateBudget}: takes a permit of the shared
 * budget before each attempt, waiting for one on Handoff's timer (never a blocked thread) while the
 * deadline allows, else failing at once, {@code NOT_SENT}.
 */
final class RateBudgetInterceptor implements Interceptor {
  static final String STORE = "rate budget";

  private final RateBudget budget;
  private final String key;
  private final FailureMode mode;

  RateBudgetInterceptor(RateBudget budget, String accountHash, FailureMode mode) {
    this.budget = budget;
    this.key = "handoff:{" + accountHash + "}:budget";
    this.mode = mode;
  }

  @Override
  public CompletionStage<PlivoResponse> intercept(Chain chain) {
    CompletableFuture<PlivoResponse> outcome = new CompletableFuture<>();
    acquire((Link) chain, outcome);
    return outcome;
  }

  private void acquire(Link chain, CompletableFuture<PlivoResponse> outcome) {
    CompletionStage<Duration> permit;
    try {
      permit = budget.tryAcquire(key);
    } catch (RuntimeException e) {
      permit = CompletableFuture.failedFuture(e);
    }
    permit.whenComplete(
        (wait, failure) -> {
          if (outcome.isDone()) {
            return;
          }
          if (failure != null || wait == null) {
            storeFailed(chain, outcome, failure);
          } else if (wait.isZero() || wait.isNegative()) {
            relay(chain.proceed(), outcome);
          } else {
            waitFor(chain, outcome, wait);
          }
        });
  }

  private void waitFor(Link chain, CompletableFuture<PlivoResponse> outcome, Duration wait) {
    Duration remaining = chain.remaining();
    if (wait.compareTo(remaining) >= 0) {
      outcome.completeExceptionally(
          Failures.get().rateBudgetExhausted(chain.request(), wait, remaining));
      return;
    }
    Operation<?> operation = chain.operation();
    int attempt = chain.attempt();
    operation.event(listener -> listener.rateBudgetWait(chain.request(), attempt, wait));
    operation.later(wait, () -> acquire(chain, outcome));
  }

  private void storeFailed(
      Link chain, CompletableFuture<PlivoResponse> outcome, @Nullable Throwable failure) {
    Throwable cause = unwrap(failure);
    chain
        .operation()
        .event(listener -> listener.coordinationFailed(chain.request(), STORE, mode, cause));
    if (mode == FailureMode.FAIL_OPEN) {
      relay(chain.proceed(), outcome);
    } else {
      outcome.completeExceptionally(
          Failures.get().coordinationUnavailable(chain.request(), "the " + STORE, cause));
    }
  }

  static Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause != null ? cause : new IllegalStateException("the store completed with null");
  }

  static void relay(CompletionStage<PlivoResponse> from, CompletableFuture<PlivoResponse> to) {
    from.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            to.completeExceptionally(failure);
          } else {
            to.complete(response);
          }
        });
  }

  @Override
  public String toString() {
    return "RateBudgetInterceptor[" + budget + ", " + mode + "]";
  }
}
