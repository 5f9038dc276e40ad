package dev.handoff.testkit.memory;

import dev.handoff.RateBudget;
import dev.handoff.RateLimit;
import dev.handoff.testkit.contract.RateBudgetContract;
import java.util.HashMap;
import java.util.Map;

/** {@link RateBudget#inMemory}: budgets made in one test share one instance per limit. */
class MemoryRateBudgetContractTest extends RateBudgetContract {
  private final Map<RateLimit, RateBudget> shared = new HashMap<>();

  @Override
  protected RateBudget budget(RateLimit limit) {
    return shared.computeIfAbsent(limit, RateBudget::inMemory);
  }
}
