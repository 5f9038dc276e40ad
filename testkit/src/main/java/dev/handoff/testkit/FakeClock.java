package dev.handoff.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Time that passes only when a test says so, for {@link FakeCallControl}'s {@linkplain
 * ScriptedResponse#delayed delayed} answers: an answer due after {@code d} completes during the
 * {@link #advance} call that moves the clock to or past it, on the advancing thread, in due order.
 * Thread-safe.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.create();
 * FakeCallControl fake = FakeCallControl.create(model, clock);
 * fake.enqueue(ScriptedResponse.json(201, "{}").delayed(Duration.ofSeconds(3)));
 * CompletableFuture<PlivoResponse> answer = fake.nodeAction(transfer);
 * clock.advance(Duration.ofSeconds(2));   // answer not done
 * clock.advance(Duration.ofSeconds(1));   // answer done
 * }</pre>
 *
 * <p>It drives the fake's answers only: a {@code Handoff}'s own deadline and retry waits run on
 * real time.
 */
public final class FakeClock {
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long nanos;
  private long sequence;

  private FakeClock() {}

  /** A clock at zero elapsed time, with nothing scheduled. */
  public static FakeClock create() {
    return new FakeClock();
  }

  /** How much time the test has advanced this clock by, in all. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  /**
   * Moves the clock forward by {@code duration} and runs, on this thread and in due order, every
   * answer due by then.
   *
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration == null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      nanos += duration.toNanos();
      while (!timers.isEmpty() && timers.peek().dueNanos <= nanos) {
        due.add(timers.poll().task);
      }
    }
    // Outside the lock: a completed future runs the caller's callbacks, which may use the clock.
    for (Runnable task : due) {
      task.run();
    }
  }

  /** Runs {@code task} once the clock has advanced by {@code delay} from now. */
  synchronized void schedule(Duration delay, Runnable task) {
    timers.add(new Timer(nanos + delay.toNanos(), sequence++, task));
  }

  @Override
  public synchronized String toString() {
    return "FakeClock[elapsed=" + Duration.ofNanos(nanos) + ", pending=" + timers.size() + "]";
  }

  private record Timer(long dueNanos, long sequence, Runnable task) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byTime = Long.compare(dueNanos, other.dueNanos);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
