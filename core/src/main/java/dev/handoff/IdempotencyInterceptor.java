package dev.handoff;

import dev.handoff.internal.Failures;
import dev.handoff.model.HandoffException;
import dev.handoff.spi.PlivoResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The operation interceptor of {@link HandoffConfig.Builder#idempotencyStore}. For an operation
 * that carries a key and changes something, it claims the key in the store before the attempts, and
 * settles the claim after them as {@link Handoff#withIdempotencyKey} says.
 *
 * <p>Values, all prefixed with the request's fingerprint (a SHA-256 of its operation, method, path
 * and body) so that a key reused for another request is recognised:
 *
 * <ul>
 *   <li>{@code P|fp|owner|deadline}: claimed, in flight until the owner's deadline (epoch ms). A
 *       claim still pending two seconds past it belongs to an instance that stopped: in doubt.
 *   <li>{@code D|fp|response}: done; the response form-encoded, replayed to duplicates.
 *   <li>{@code U|fp}: may have taken effect without a receipt: duplicates are in doubt.
 * </ul>
 */
final class IdempotencyInterceptor implements Interceptor {
  static final String STORE = "idempotency store";
  private static final Duration FIRST_POLL = Duration.ofMillis(2);
  private static final Duration LAST_POLL = Duration.ofMillis(100);
  private static final long STOPPED_OWNER_GRACE_MILLIS = 2_000;

  /** The same key with a different request: a validation failure, thrown to the caller. */
  static final class KeyReused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    KeyReused(String operation) {
      super(
          "this idempotency key was used before for a different request; "
              + operation
              + " was not sent (use one key per business action)");
    }
  }

  private final IdempotencyStore store;
  private final String prefix;
  private final Duration retention;
  private final FailureMode mode;
  private final @Nullable RateBudgetInterceptor budget;

  /**
   * @param budget the rate budget's interceptor when one is configured: the claim then takes the
   *     first attempt's permit, and the settle releases the last, each in the same store call
   */
  IdempotencyInterceptor(
      IdempotencyStore store,
      String accountHash,
      Duration retention,
      FailureMode mode,
      @Nullable RateBudgetInterceptor budget) {
    this.store = store;
    this.prefix = "handoff:{" + accountHash + "}:idem:";
    this.retention = retention;
    this.mode = mode;
    this.budget = budget;
  }

  @Override
  public CompletionStage<PlivoResponse> intercept(Chain chain) {
    Optional<IdempotencyKey> key = chain.idempotencyKey();
    if (key.isEmpty() || chain.request().isRead()) {
      return chain.proceed();
    }
    Link link = (Link) chain;
    Claim claim =
        new Claim(
            link,
            prefix + sha256(key.get().value()),
            fingerprint(link.operation()),
            new CompletableFuture<>());
    claim.claim();
    return claim.outcome;
  }

  /** One keyed operation's claim. */
  private final class Claim {
    final Link chain;
    final String storeKey;
    final String fingerprint;
    final String pending;
    final CompletableFuture<PlivoResponse> outcome;

    Claim(Link chain, String storeKey, String fingerprint, CompletableFuture<PlivoResponse> out) {
      this.chain = chain;
      this.storeKey = storeKey;
      this.fingerprint = fingerprint;
      this.outcome = out;
      long deadline = System.currentTimeMillis() + Math.max(0, chain.remaining().toMillis());
      this.pending = "P|" + fingerprint + "|" + UUID.randomUUID() + "|" + deadline;
    }

    void claim() {
      if (budget == null) {
        call(() -> store.putIfAbsent(storeKey, pending, retention))
            .whenComplete((existing, failure) -> claimed(existing, null, failure));
        return;
      }
      RateBudgetInterceptor b = budget;
      call(() ->
              store.putIfAbsentAndAcquire(
                  storeKey, pending, retention, b.budget, b.key, chain.remaining()))
          .whenComplete(
              (found, failure) ->
                  claimed(
                      found == null ? null : found.existing(),
                      found == null ? null : found.permit(),
                      failure));
    }

    void claimed(
        @Nullable Optional<String> existing,
        RateBudget.@Nullable Permit permit,
        @Nullable Throwable failure) {
      if (outcome.isDone()) {
        if (permit != null && budget != null) {
          budget.release(chain, permit);
        }
        return;
      }
      if (failure != null || existing == null) {
        storeFailed(failure);
      } else if (existing.isEmpty()) {
        if (budget != null) {
          // The first attempt uses the permit taken with the claim; the settle releases the last.
          chain
              .attributes()
              .put(RateBudgetInterceptor.PERMITS, new RateBudgetInterceptor.Permits(permit));
        }
        send();
      } else {
        seen(existing.get(), FIRST_POLL);
      }
    }

    /** What the key holds: a duplicate's answer, or a wait for the one in flight. */
    void seen(String value, Duration poll) {
      String[] parts = value.split("\\|", 3);
      if (parts.length < 2 || !parts[1].equals(fingerprint)) {
        outcome.completeExceptionally(new KeyReused(chain.request().displayName()));
        return;
      }
      switch (parts[0]) {
        case "D" -> {
          try {
            outcome.complete(decode(parts.length > 2 ? parts[2] : ""));
          } catch (RuntimeException unreadable) {
            outcome.completeExceptionally(inDoubt());
          }
        }
        case "P" -> {
          if (ownerStopped(value)) {
            outcome.completeExceptionally(inDoubt());
          } else {
            chain.operation().later(poll, () -> poll(next(poll)));
          }
        }
        default -> outcome.completeExceptionally(inDoubt());
      }
    }

    void poll(Duration poll) {
      if (outcome.isDone() || chain.remaining().isNegative()) {
        return; // the deadline ends the operation
      }
      call(() -> store.get(storeKey))
          .whenComplete(
              (value, failure) -> {
                if (outcome.isDone()) {
                  return;
                }
                if (failure != null || value == null) {
                  storeFailed(failure);
                } else if (value.isEmpty()) {
                  claim(); // released (it certainly did not take effect), or lost: claim it
                } else {
                  seen(value.get(), poll);
                }
              });
    }

    /**
     * The claim is this operation's: send, then settle the claim by what came back. The settle is
     * sent before the outcome is relayed, but not awaited: it adds no latency, and a duplicate that
     * meets the claim still pending waits for it. A failed settle is an event.
     */
    void send() {
      chain
          .proceed()
          .whenComplete(
              (response, failure) -> {
                String settled = settled(response, failure);
                CompletionStage<Boolean> written;
                if (budget != null
                    && chain.attributes().get(RateBudgetInterceptor.PERMITS)
                        instanceof RateBudgetInterceptor.Permits permits) {
                  List<RateBudget.Permit> release = permits.settle();
                  RateBudgetInterceptor b = budget;
                  written =
                      call(
                          () ->
                              store.settleAndRelease(
                                  storeKey, pending, settled, retention, b.budget, release));
                } else {
                  written =
                      settled == null
                          ? call(() -> store.remove(storeKey, pending))
                          : call(() -> store.replace(storeKey, pending, settled, retention));
                }
                written.whenComplete(
                    (done, storeFailure) -> {
                      if (storeFailure != null) {
                        Throwable cause = RateBudgetInterceptor.unwrap(storeFailure);
                        chain
                            .operation()
                            .event(
                                listener ->
                                    listener.coordinationFailed(
                                        chain.request(), STORE, mode, cause));
                      }
                    });
                if (failure != null) {
                  outcome.completeExceptionally(failure);
                } else {
                  outcome.complete(response);
                }
              });
    }

    /** The value that settles the claim, or null to release it. */
    @Nullable String settled(@Nullable PlivoResponse response, @Nullable Throwable failure) {
      if (response != null) {
        int status = response.status();
        if (status >= 200 && status < 300) {
          return "D|" + fingerprint + "|" + encode(response);
        }
        return status >= 500 ? "U|" + fingerprint : null;
      }
      Throwable cause = RateBudgetInterceptor.unwrap(failure);
      boolean sent = chain.operation().reachedTransport;
      boolean mayHave =
          cause instanceof HandoffException known ? known.mayHaveTakenEffect() && sent : sent;
      return mayHave ? "U|" + fingerprint : null;
    }

    void storeFailed(@Nullable Throwable failure) {
      Throwable cause = RateBudgetInterceptor.unwrap(failure);
      chain
          .operation()
          .event(listener -> listener.coordinationFailed(chain.request(), STORE, mode, cause));
      if (mode == FailureMode.FAIL_OPEN) {
        RateBudgetInterceptor.relay(chain.proceed(), outcome);
      } else {
        // A claim that timed out may still have been stored: take it back (if it is ours), as
        // nothing was sent, so that a duplicate does not wait on it until its deadline.
        call(() -> store.remove(storeKey, pending));
        outcome.completeExceptionally(
            Failures.get().coordinationUnavailable(chain.request(), "the " + STORE, cause));
      }
    }

    HandoffException inDoubt() {
      return Failures.get().duplicateInDoubt(chain.request());
    }
  }

  private static boolean ownerStopped(String pending) {
    String[] parts = pending.split("\\|");
    try {
      long deadline = Long.parseLong(parts[parts.length - 1]);
      return System.currentTimeMillis() > deadline + STOPPED_OWNER_GRACE_MILLIS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Duration next(Duration poll) {
    Duration doubled = poll.multipliedBy(2);
    return doubled.compareTo(LAST_POLL) > 0 ? LAST_POLL : doubled;
  }

  /** A store call whose synchronous exception becomes a failed stage. */
  private static <V> CompletionStage<V> call(java.util.function.Supplier<CompletionStage<V>> op) {
    try {
      CompletionStage<V> stage = op.get();
      return stage != null
          ? stage
          : CompletableFuture.failedFuture(new NullPointerException("the store returned null"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static String fingerprint(Operation<?> operation) {
    StringBuilder text = new StringBuilder();
    text.append(operation.request.operation())
        .append('\n')
        .append(operation.wire.method())
        .append(' ')
        .append(operation.wire.path())
        .append('\n');
    Map<String, String> body = operation.wire.body();
    if (body != null) {
      body.forEach(
          (name, value) -> text.append(enc(name)).append('=').append(enc(value)).append('&'));
    }
    return sha256(text.toString());
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String encode(PlivoResponse response) {
    List<String> pairs = new ArrayList<>();
    pairs.add("s=" + response.status());
    if (response.retryAfter() != null) {
      pairs.add("r=" + enc(response.retryAfter()));
    }
    response.fields().forEach((name, value) -> pairs.add("f." + enc(name) + "=" + enc(value)));
    response
        .arrays()
        .forEach((name, values) -> values.forEach(v -> pairs.add("a." + enc(name) + "=" + enc(v))));
    if (response.nonJsonBody() != null) {
      pairs.add("t=" + enc(response.nonJsonBody()));
    }
    if (response.unreadBody() != null) {
      pairs.add("u=" + enc(response.unreadBody()));
    }
    return String.join("&", pairs);
  }

  static PlivoResponse decode(String text) {
    int status = 0;
    String retryAfter = null;
    String nonJson = null;
    String unread = null;
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, List<String>> arrays = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = pair.substring(0, eq);
      String value = dec(pair.substring(eq + 1));
      if (name.equals("s")) {
        status = Integer.parseInt(value);
      } else if (name.equals("r")) {
        retryAfter = value;
      } else if (name.equals("t")) {
        nonJson = value;
      } else if (name.equals("u")) {
        unread = value;
      } else if (name.startsWith("f.")) {
        fields.put(dec(name.substring(2)), value);
      } else if (name.startsWith("a.")) {
        arrays.computeIfAbsent(dec(name.substring(2)), n -> new ArrayList<>()).add(value);
      }
    }
    return new PlivoResponse(status, retryAfter, fields, nonJson, arrays, unread);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String dec(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "IdempotencyInterceptor[" + store + ", retention " + retention + ", " + mode + "]";
  }
}
