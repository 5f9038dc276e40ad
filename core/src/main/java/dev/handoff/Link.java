package dev.handoff;

import dev.handoff.model.HandoffException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.PlivoResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One place in an interceptor chain: the interceptor at {@link #index} and those after it, at
 * operation level ({@code exchange == null}) or around one attempt. Only built when interceptors
 * are configured; an operation without any costs no link at all.
 */
final class Link implements Interceptor.Chain {
  private final Operation<?> operation;
  private final @Nullable Exchange exchange;
  private final List<Interceptor> interceptors;
  private final int index;
  private final AtomicBoolean proceeded = new AtomicBoolean();

  Link(
      Operation<?> operation,
      @Nullable Exchange exchange,
      List<Interceptor> interceptors,
      int index) {
    this.operation = operation;
    this.exchange = exchange;
    this.interceptors = interceptors;
    this.index = index;
  }

  @Override
  public PlivoRequest request() {
    return operation.request;
  }

  @Override
  public int attempt() {
    return exchange == null ? 0 : exchange.number;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(operation.remainingNanos());
  }

  @Override
  public ConcurrentMap<Object, Object> attributes() {
    return operation.attributes();
  }

  @Override
  public Optional<IdempotencyKey> idempotencyKey() {
    return Optional.ofNullable(operation.key);
  }

  /** The operation this link belongs to, for Handoff's own interceptors. */
  Operation<?> operation() {
    return operation;
  }

  @Override
  public CompletionStage<PlivoResponse> proceed() {
    if (!proceeded.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "proceed() was called twice for "
              + operation.request.displayName()
              + (exchange == null ? "" : " (attempt " + exchange.number + ")")
              + ": sending it again could perform it twice");
    }
    if (index == interceptors.size()) {
      return exchange == null ? operation.runAttempts() : exchange.send();
    }
    Interceptor interceptor = interceptors.get(index);
    Link next = new Link(operation, exchange, interceptors, index + 1);
    CompletionStage<PlivoResponse> stage;
    try {
      stage = interceptor.intercept(next);
    } catch (RuntimeException e) {
      if (exchange == null
          && operation.isStartingOnThisThread()
          && !(e instanceof HandoffException)) {
        throw e; // an operation interceptor's validation: thrown to the caller (see Interceptor)
      }
      return CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(interceptor.getClass().getName() + ".intercept returned null"));
    }
    return stage;
  }

  @Override
  public String toString() {
    return "Interceptor.Chain["
        + operation.request.displayName()
        + (exchange == null ? ", operation" : ", attempt " + exchange.number)
        + ", "
        + index
        + "/"
        + interceptors.size()
        + "]";
  }
}
