package dev.handoff;

import dev.handoff.model.HandoffException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.TransportFailureException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Records every event as a line such as {@code "responseReceived 1 429"}. */
class RecordingListener implements TransferListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Duration> delays = new CopyOnWriteArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @Override
  public void operationStarted(PlivoRequest request) {
    events.add("operationStarted " + request.operation());
  }

  @Override
  public void attemptStarted(PlivoRequest request, int attempt) {
    events.add("attemptStarted " + attempt);
  }

  @Override
  public void responseReceived(PlivoRequest request, int attempt, int status) {
    events.add("responseReceived " + attempt + " " + status);
  }

  @Override
  public void attemptFailed(PlivoRequest request, int attempt, HandoffException failure) {
    events.add(
        "attemptFailed "
            + attempt
            + " "
            + (failure instanceof TransportFailureException t ? t.delivery() : failure));
  }

  @Override
  public void retryScheduled(
      PlivoRequest request, int attempt, Duration delay, HandoffException reason) {
    delays.add(delay);
    events.add("retryScheduled " + attempt + " " + reason.getClass().getSimpleName());
  }

  @Override
  public void operationSucceeded(
      PlivoRequest request, int attempts, Duration elapsed, @Nullable String apiId) {
    events.add("operationSucceeded " + attempts + (elapsed.isNegative() ? " negative!" : ""));
  }

  @Override
  public void operationFailed(
      PlivoRequest request, int attempts, Duration elapsed, Throwable failure) {
    failures.add(failure);
    events.add(
        "operationFailed "
            + attempts
            + " "
            + failure.getClass().getSimpleName()
            + (elapsed.isNegative() ? " negative!" : ""));
  }
}
