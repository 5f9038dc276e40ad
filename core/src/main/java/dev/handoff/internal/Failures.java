package dev.handoff.internal;

import dev.handoff.model.CoordinationUnavailableException;
import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.DuplicateInDoubtException;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.RateBudgetExhaustedException;
import dev.handoff.model.TransportFailureException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Creates the exceptions of {@code dev.handoff.model}, whose constructors are not public: only core
 * decides what a status or a failure means. The model package supplies the implementation when its
 * exception classes are initialised (the JDK's "shared secrets" pattern); this package is not
 * exported, so applications and transports never see it. Transports create their failures through
 * {@code dev.handoff.spi.Wire}.
 */
public interface Failures {

  /**
   * The {@link PlivoErrorException} for a non-success {@code status}: 401 authentication, 403 not
   * permitted, 404 not found, 429 rate limited, 5xx unavailable, any other status rejected.
   *
   * @param request the request that failed
   * @param apiId Plivo's {@code api_id}, or null
   * @param plivoError Plivo's {@code error} text, already cleaned, or null
   * @param excerpt how a body that was not JSON reads, already cleaned ({@code body "oops"}, or an
   *     HTML page named as one), or null
   * @param retryAfter the {@code Retry-After} delay, kept for 429 and 5xx only; or null
   */
  PlivoErrorException plivoError(
      PlivoRequest request,
      int status,
      @Nullable String apiId,
      @Nullable String plivoError,
      @Nullable String excerpt,
      @Nullable Duration retryAfter);

  /**
   * A {@link TransportFailureException}; {@code message} must hold no secret, and says what failed:
   * the exception appends what that means for the request's effect.
   */
  TransportFailureException transportFailure(
      PlivoRequest request, Delivery delivery, String message, @Nullable Throwable cause);

  /**
   * The failure for an answer whose body was too large to read, {@link Delivery#UNKNOWN}, which
   * remembers the answer's {@code status}: core turns a 2xx one into an accepted response.
   */
  TransportFailureException bodyTooLarge(PlivoRequest request, int status, String message);

  /** The status {@link #bodyTooLarge} remembered; 0 for every other failure. */
  int unreadBodyStatus(TransportFailureException failure);

  /** How {@code failure}'s message described the answer's body, or null: to rebuild it. */
  @Nullable String body(PlivoErrorException failure);

  /** The operation's deadline passed. */
  DeadlineExceededException deadlineExceeded(PlivoRequest request, Duration timeout);

  /**
   * The shared rate budget has no permit within the time left: a permit would be free in {@code
   * wait}, but only {@code remaining} is left. {@code NOT_SENT}.
   */
  RateBudgetExhaustedException rateBudgetExhausted(
      PlivoRequest request, Duration wait, Duration remaining);

  /**
   * A coordination store ({@code what}, such as "the idempotency store") failed and the operation
   * fails closed. {@code NOT_SENT}; {@code cause} must hold no secret.
   */
  CoordinationUnavailableException coordinationUnavailable(
      PlivoRequest request, String what, @Nullable Throwable cause);

  /** A request with the same idempotency key was sent before and may have taken effect. */
  DuplicateInDoubtException duplicateInDoubt(PlivoRequest request);

  /** The implementation, which the model package registers. */
  static Failures get() {
    return Registry.get();
  }

  /**
   * Called once, by the model package's exception classes as they are initialised.
   *
   * @throws IllegalStateException if an implementation is registered already
   */
  static void register(Failures failures) {
    Registry.register(failures);
  }

  /** Holds the registered implementation. */
  final class Registry {
    private static volatile @Nullable Failures instance;

    private Registry() {}

    static synchronized void register(Failures failures) {
      if (instance != null) {
        throw new IllegalStateException("Failures registered twice");
      }
      instance = failures;
    }

    static Failures get() {
      Failures registered = instance;
      if (registered == null) {
        try {
          // Initialising the exception family registers its factory.
          Class.forName(
              "dev.handoff.model.HandoffException", true, Failures.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
        registered = instance;
        if (registered == null) {
          throw new IllegalStateException("dev.handoff.model registered no Failures");
        }
      }
      return registered;
    }
  }
}
