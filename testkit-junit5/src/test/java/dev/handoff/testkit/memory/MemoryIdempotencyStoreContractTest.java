package dev.handoff.testkit.memory;

import dev.handoff.IdempotencyStore;
import dev.handoff.testkit.contract.IdempotencyStoreContract;

/** {@link IdempotencyStore#inMemory}: the stores of one test are one instance, as a fleet's. */
class MemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {
  private final IdempotencyStore shared = IdempotencyStore.inMemory();

  @Override
  protected IdempotencyStore store() {
    return shared;
  }
}
