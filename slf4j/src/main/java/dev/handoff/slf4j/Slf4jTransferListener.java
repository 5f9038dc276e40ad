package dev.handoff.slf4j;

import dev.handoff.TransferListener;
import dev.handoff.model.HandoffException;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.TransportFailureException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs Handoff's operations through SLF4J: opt in with {@code
 * HandoffConfig.builder(credentials).listener(Slf4jTransferListener.create())}.
 *
 * <ul>
 *   <li>{@code WARN}, one line per failed operation: {@code handoff warm_transfer failed after 2
 *       attempts in 412 ms: RateLimitedException: ...};
 *   <li>{@code INFO}, each retry: {@code handoff warm_transfer attempt 1 failed (HTTP 429), retry
 *       in 250 ms};
 *   <li>{@code DEBUG}, each attempt's start and its answer or failure.
 * </ul>
 *
 * <p>Each line also carries SLF4J 2 key-value pairs ({@code operation}, {@code attempt} or {@code
 * attempts}, {@code status}, {@code error}, {@code delivery}) for structured appenders. Phone
 * numbers and SIP users are masked by default, in the request's addresses and in Plivo's error
 * texts alike ({@code +1415***0100}, {@code sip:***@phone.plivo.com}); the Auth Token is never
 * logged (Handoff's events never carry it). A successful operation is not logged: its attempts are,
 * at DEBUG. Thread-safe and never throws.
 */
public final class Slf4jTransferListener implements TransferListener {
  /** The default logger's name: {@code dev.handoff}. */
  public static final String LOGGER_NAME = "dev.handoff";

  private final Logger logger;
  private final boolean masking;

  private Slf4jTransferListener(Logger logger, boolean masking) {
    this.logger = logger;
    this.masking = masking;
  }

  /** A listener logging to {@value #LOGGER_NAME}, masking phone numbers and SIP users. */
  public static Slf4jTransferListener create() {
    return new Slf4jTransferListener(LoggerFactory.getLogger(LOGGER_NAME), true);
  }

  /**
   * A listener logging to {@code logger}, masking phone numbers and SIP users.
   *
   * @throws NullPointerException if {@code logger} is null
   */
  public static Slf4jTransferListener create(Logger logger) {
    return new Slf4jTransferListener(Objects.requireNonNull(logger, "logger"), true);
  }

  /**
   * A copy that logs phone numbers and SIP addresses in full: only where the logs are as protected
   * as the call records themselves. Credentials are still never logged.
   */
  public Slf4jTransferListener unmasked() {
    return new Slf4jTransferListener(logger, false);
  }

  @Override
  public void attemptStarted(PlivoRequest request, int attempt) {
    if (logger.isDebugEnabled()) {
      logger
          .atDebug()
          .addKeyValue("operation", request.operation())
          .addKeyValue("attempt", attempt)
          .log("handoff {} attempt {} started{}", request.operation(), attempt, parties(request));
    }
  }

  @Override
  public void responseReceived(PlivoRequest request, int attempt, int status) {
    if (logger.isDebugEnabled()) {
      logger
          .atDebug()
          .addKeyValue("operation", request.operation())
          .addKeyValue("attempt", attempt)
          .addKeyValue("status", status)
          .log("handoff {} attempt {} answered HTTP {}", request.operation(), attempt, status);
    }
  }

  @Override
  public void attemptFailed(PlivoRequest request, int attempt, HandoffException failure) {
    if (logger.isDebugEnabled()) {
      logger
          .atDebug()
          .addKeyValue("operation", request.operation())
          .addKeyValue("attempt", attempt)
          .addKeyValue("error", failure.getClass().getSimpleName())
          .addKeyValue("delivery", delivery(failure))
          .log("handoff {} attempt {} failed: {}", request.operation(), attempt, describe(failure));
    }
  }

  @Override
  public void retryScheduled(
      PlivoRequest request, int attempt, Duration delay, HandoffException reason) {
    if (logger.isInfoEnabled()) {
      logger
          .atInfo()
          .addKeyValue("operation", request.operation())
          .addKeyValue("attempt", attempt)
          .addKeyValue("error", reason.getClass().getSimpleName())
          .addKeyValue("delay_ms", delay.toMillis())
          .log(
              "handoff {} attempt {} failed ({}), retry in {} ms",
              request.operation(),
              attempt,
              reason instanceof PlivoErrorException plivo
                  ? "HTTP " + plivo.status()
                  : reason.getClass().getSimpleName(),
              delay.toMillis());
    }
  }

  @Override
  public void operationFailed(
      PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
    if (logger.isWarnEnabled()) {
      var event =
          logger
              .atWarn()
              .addKeyValue("operation", request.operation())
              .addKeyValue("attempts", attempts)
              .addKeyValue("error", failure.getClass().getSimpleName())
              .addKeyValue("elapsed_ms", elapsed.toMillis());
      if (failure instanceof PlivoErrorException plivo) {
        event = event.addKeyValue("status", plivo.status());
      }
      if (failure instanceof TransportFailureException transport) {
        event = event.addKeyValue("delivery", transport.delivery().name());
      }
      event.log(
          "handoff {}{} failed after {} attempt{} in {} ms: {}",
          request.operation(),
          parties(request),
          attempts,
          attempts == 1 ? "" : "s",
          elapsed.toMillis(),
          describe(failure));
    }
  }

  /** The request's addresses, masked unless told otherwise; empty for requests without any. */
  private String parties(PlivoRequest request) {
    if (request instanceof NodeAction action) {
      return " (to "
          + text(action.to().value())
          + ", trigger_source "
          + text(action.triggerSource().value())
          + ")";
    }
    if (request instanceof MemberAction action) {
      return " (member " + text(action.member().value()) + ")";
    }
    return "";
  }

  /** {@code Type: message}, the message masked; never the stack trace. */
  private String describe(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + text(message);
  }

  private String text(String text) {
    return masking ? Masking.mask(text) : text;
  }

  private static @Nullable String delivery(HandoffException failure) {
    return failure instanceof TransportFailureException transport
        ? transport.delivery().name()
        : null;
  }

  @Override
  public String toString() {
    return "Slf4jTransferListener[" + logger.getName() + (masking ? "" : ", unmasked") + "]";
  }
}
