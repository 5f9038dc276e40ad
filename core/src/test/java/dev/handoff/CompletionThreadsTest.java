package dev.handoff;

import static dev.handoff.OpenHandoffs.WARM;
import static dev.handoff.ScriptedCallControl.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.handoff.model.DeadlineExceededException;
import dev.handoff.model.Delivery;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whose thread runs what: Handoff's timer keeps time and nothing else, so no application code (a
 * future's dependents, a listener, an interceptor) ever runs on the thread every deadline needs.
 */
class CompletionThreadsTest {
  /**
   * The deadline of the operations whose callback's thread is asserted: long enough that the test
   * attaches the callback before the deadline ends the operation, even on a loaded machine (were it
   * attached after, it would run on the test's own thread).
   */
  private static final Duration CALLBACK_FIRST = Duration.ofMillis(500);

  private final OpenHandoffs handoffs = new OpenHandoffs();

  @AfterEach
  void closeAll() {
    handoffs.close();
  }

  private Handoff handoff(CallControl transport, Consumer<HandoffConfig.Builder> settings) {
    return handoffs.open(transport, settings);
  }

  @Test
  void anOperationTheDeadlineEndsCompletesOffTheTimersThread() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().hang();
    Handoff handoff = handoff(transport, b -> b.timeout(CALLBACK_FIRST));
    CompletableFuture<String> thread = new CompletableFuture<>();

    handoff
        .warmTransferAsync(WARM)
        .whenComplete((receipt, failure) -> thread.complete(Thread.currentThread().getName()));

    assertThat(thread.get(5, TimeUnit.SECONDS))
        .startsWith("handoff-completion-")
        .doesNotStartWith("handoff-timer-");
  }

  @Test
  void aCallbackThatBlocksDelaysNoOtherOperationsDeadline() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().hang().hang();
    Handoff handoff = handoff(transport, b -> b.timeout(CALLBACK_FIRST));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    handoff
        .warmTransferAsync(WARM)
        .whenComplete(
            (receipt, failure) -> {
              blocking.countDown();
              awaitQuietly(release); // a JDBC write, a blocking follow-up transfer...
            });
    assertThat(blocking.await(5, TimeUnit.SECONDS)).as("first callback blocking").isTrue();

    CompletableFuture<Receipt> second = handoff.warmTransferAsync(WARM);

    try {
      assertThat(catchThrowable(() -> second.get(5, TimeUnit.SECONDS)))
          .as("the second operation's deadline, while the first callback still blocks")
          .isInstanceOf(ExecutionException.class)
          .hasCauseExactlyInstanceOf(DeadlineExceededException.class);
      assertThat(release.getCount()).isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void retriesRunOnTheConfiguredExecutor() {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(json(429, "0")).answer(201, "api_id", "r2");
    RecordingExecutor executor = new RecordingExecutor();
    List<Boolean> onExecutor = new CopyOnWriteArrayList<>();
    Handoff handoff =
        handoff(
            transport,
            b ->
                b.executor(executor)
                    .addAttemptInterceptor(
                        chain -> {
                          onExecutor.add(executor.running.get() != null);
                          return chain.proceed();
                        }));

    assertThat(handoff.warmTransfer(WARM).apiId()).isEqualTo("r2");

    assertThat(onExecutor).containsExactly(false, true); // the first on the caller's thread
    assertThat(executor.tasks).hasSize(1);
  }

  @Test
  void anOperationStartedOnAContextIsRetriedAndEndedOnIt() throws Exception {
    RecordingExecutor context = new RecordingExecutor();
    ScriptedCallControl transport =
        new ScriptedCallControl() {
          @Override
          public @Nullable Executor contextExecutor() {
            return context;
          }
        }.answer(json(429, "0")).hang();
    RecordingExecutor configured = new RecordingExecutor();
    Handoff handoff = handoff(transport, b -> b.timeout(CALLBACK_FIRST).executor(configured));
    CompletableFuture<Boolean> endedOnContext = new CompletableFuture<>();

    handoff
        .warmTransferAsync(WARM)
        .whenComplete((r, failure) -> endedOnContext.complete(context.running.get() != null));

    assertThat(endedOnContext.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(context.tasks).as("the retry, then the deadline").hasSize(2);
    assertThat(configured.tasks).isEmpty();
  }

  @Test
  void anExecutorThatRejectsStillLetsTheOperationEnd() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().hang();
    Executor rejecting =
        task -> {
          throw new RejectedExecutionException("full");
        };
    Handoff handoff = handoff(transport, b -> b.timeout(Duration.ofMillis(30)).executor(rejecting));

    assertThat(catchThrowable(() -> handoff.warmTransferAsync(WARM).get(5, TimeUnit.SECONDS)))
        .hasCauseExactlyInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void closeEndsHandoffsOwnCompletionThreads() throws Exception {
    ScriptedCallControl transport = new ScriptedCallControl().hang();
    Handoff handoff = handoff(transport, b -> b.timeout(CALLBACK_FIRST));
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    handoff
        .warmTransferAsync(WARM)
        .whenComplete((receipt, failure) -> thread.complete(Thread.currentThread()));
    Thread completion = thread.get(5, TimeUnit.SECONDS);

    handoff.close();

    completion.join(5_000);
    assertThat(completion.isAlive()).as(completion.getName() + " alive after close()").isFalse();
  }

  @Test
  void anInterruptWhileWaitingForARetryIsNotSent() throws Exception {
    ScriptedCallControl transport =
        new ScriptedCallControl().answer(json(429, "1")).answer(201, "api_id", "late");
    Handoff handoff = handoff(transport, b -> {});
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                handoff.warmTransfer(WARM);
                thrown.complete(null);
              } catch (RuntimeException e) {
                thrown.complete(e);
              }
            });
    caller.start();
    transport.awaitSent(1); // the 429: Handoff now waits a second for the retry

    caller.interrupt();

    assertThat(thrown.get(5, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT))
        .hasMessageContaining("it was not sent");
    assertThat(transport.sent).hasSize(1);
  }

  /** Runs each task on a thread of its own and says which tasks it ran. */
  private static final class RecordingExecutor implements Executor {
    final List<Runnable> tasks = new CopyOnWriteArrayList<>();
    final ThreadLocal<Runnable> running = new ThreadLocal<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
      Thread thread =
          new Thread(
              () -> {
                running.set(task);
                task.run();
              },
              "recording-executor");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
