package dev.handoff.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Turns Handoff's observations ({@link HandoffContext}) into the very meters Micrometer's {@link
 * DefaultMeterObservationHandler} makes of them, more cheaply: it finds each meter once per name
 * and tag set and keeps it, where the default handler builds, sorts and looks up its tags in the
 * registry at each start and stop (one operation, one caller: 1.5-1.7 µs instead of 3.3-3.7 µs with
 * the observations; BENCHMARKS.md). For the other observations of an application it does nothing:
 * {@link #supportsContext} is true for Handoff's contexts only.
 *
 * <p>The meters, for an observation named {@code <name>} with low-cardinality tags {@code <tags>}
 * (see {@link DefaultHandoffOperationConvention} and {@link DefaultHandoffAttemptConvention}):
 *
 * <ul>
 *   <li>a {@link Timer} {@code <name>}, tags {@code <tags>} as they are at the stop plus {@code
 *       error} (the simple class name of the context's error, or {@code none}), recorded at the
 *       stop with the time since the start (the registry clock's monotonic time, nanoseconds);
 *   <li>unless {@link IgnoredMeters#LONG_TASK_TIMER} is given, a {@link LongTaskTimer} {@code
 *       <name>.active}, tags {@code <tags>} as they are at the start, from the start to the stop;
 *   <li>a {@link Counter} {@code <name>.<event name>} per event (for example {@code
 *       handoff.operation.retries}), tags {@code <tags>} as they are at the event.
 * </ul>
 *
 * <p><b>Register it in front of the default handler, never beside it</b>: both would record every
 * Handoff observation, into the same meters, so each count would double. Micrometer's {@code
 * FirstMatchingCompositeObservationHandler} gives each observation to the first handler that
 * supports it:
 *
 * <pre>{@code
 * observationRegistry.observationConfig().observationHandler(
 *     new ObservationHandler.FirstMatchingCompositeObservationHandler(
 *         HandoffMeterObservationHandler.create(meterRegistry),
 *         new DefaultMeterObservationHandler(meterRegistry)));
 * }</pre>
 *
 * Spring Boot 4 does this itself: it groups the application's {@link MeterObservationHandler} beans
 * so, in their order, and the Handoff starter's bean of this handler comes first (built without
 * long-task timers unless {@code handoff.metrics.long-task-timers=true}: under concurrency they are
 * the costliest part, see BENCHMARKS.md).
 *
 * <p>A meter is kept from its first use until the registry removes it ({@link
 * MeterRegistry#remove(Meter)}, {@link MeterRegistry#clear()}): it is then found again in the
 * registry on its next use. As for any meter, a {@code MeterFilter} applies when the meter is first
 * registered; add filters before the first operation. Needs {@code micrometer-core} (an optional
 * dependency of {@code handoff-micrometer}: every application with a {@link MeterRegistry} has it).
 * Thread-safe.
 */
public final class HandoffMeterObservationHandler
    implements MeterObservationHandler<Observation.Context> {
  /** How many tag sets {@link #byIdentity} keeps at most. */
  private static final int MAX_BY_IDENTITY = 1024;

  private final MeterRegistry registry;
  private final boolean longTaskTimers;
  private final ConcurrentMap<Key, Meter> meters = new ConcurrentHashMap<>();

  /**
   * The same meters by the identity of their tag set: Handoff's conventions hand out one shared
   * {@link KeyValues} per operation kind and outcome, so a lookup here skips hashing 8-9 tags (the
   * largest part of Handoff's own work per observation in a profile of the load runner). Bounded: a
   * convention that builds new tags at each call fills it once and then only uses {@link #meters}.
   */
  private final ConcurrentMap<ByIdentity, Meter> byIdentity = new ConcurrentHashMap<>();

  private HandoffMeterObservationHandler(MeterRegistry registry, boolean longTaskTimers) {
    this.registry = registry;
    this.longTaskTimers = longTaskTimers;
    registry
        .config()
        .onMeterRemoved(
            removed -> {
              meters.values().removeIf(kept -> kept == removed);
              byIdentity.values().removeIf(kept -> kept == removed);
            });
  }

  /**
   * A handler recording into {@code registry}, leaving out the meters in {@code ignored} as {@link
   * DefaultMeterObservationHandler#DefaultMeterObservationHandler(MeterRegistry, IgnoredMeters...)}
   * does (Spring Boot's {@code management.metrics.observations.ignored-meters}).
   *
   * @throws NullPointerException if an argument or an element of {@code ignored} is null
   */
  public static HandoffMeterObservationHandler create(
      MeterRegistry registry, IgnoredMeters... ignored) {
    Objects.requireNonNull(registry, "registry");
    List<IgnoredMeters> ignoredMeters = Arrays.asList(ignored);
    ignoredMeters.forEach(meter -> Objects.requireNonNull(meter, "ignored meter"));
    return new HandoffMeterObservationHandler(
        registry, !ignoredMeters.contains(IgnoredMeters.LONG_TASK_TIMER));
  }

  /** True for Handoff's observations ({@link HandoffContext}) only. */
  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof HandoffContext;
  }

  /**
   * Starts the observation's long-task timer (unless ignored) and notes the registry clock's
   * monotonic time, in {@code context} under this handler as key.
   */
  @Override
  public void onStart(Observation.Context context) {
    LongTaskTimer.@Nullable Sample active = null;
    if (longTaskTimers) {
      active =
          ((LongTaskTimer) meter(Meter.Type.LONG_TASK_TIMER, name(context), null, context)).start();
    }
    context.put(this, new Started(registry.config().clock().monotonicTime(), active));
  }

  /** Increments the counter {@code <name>.<event name>}, tagged with the current tags. */
  @Override
  public void onEvent(Observation.Event event, Observation.Context context) {
    ((Counter) meter(Meter.Type.COUNTER, name(context), event.getName(), context)).increment();
  }

  /**
   * Records the time since {@link #onStart} (nanoseconds) in the timer {@code <name>} with the
   * current tags and {@code error}, and stops the long-task timer's sample; does nothing for an
   * observation this handler did not start.
   */
  @Override
  public void onStop(Observation.Context context) {
    Started started = context.get(this);
    if (started == null) {
      return; // not started by this handler: nothing to record
    }
    Throwable error = context.getError();
    String errorValue = error == null ? KeyValue.NONE_VALUE : error.getClass().getSimpleName();
    Timer timer = (Timer) meter(Meter.Type.TIMER, name(context), errorValue, context);
    timer.record(registry.config().clock().monotonicTime() - started.nanos, TimeUnit.NANOSECONDS);
    if (started.active != null) {
      started.active.stop();
    }
  }

  private static String name(Observation.Context context) {
    String name = context.getName();
    return name == null ? "unnamed" : name;
  }

  /** The kept meter of a kind, name, detail (error or event) and the context's current tags. */
  private Meter meter(
      Meter.Type type, String name, @Nullable String detail, Observation.Context context) {
    KeyValues tags = context.getLowCardinalityKeyValues();
    ByIdentity fast = new ByIdentity(type, name, detail, tags);
    Meter kept = byIdentity.get(fast);
    if (kept != null) {
      return kept;
    }
    Key key = new Key(type, name, detail, tags);
    kept = meters.get(key);
    if (kept == null) {
      kept = meters.computeIfAbsent(key, this::register);
    }
    if (byIdentity.size() < MAX_BY_IDENTITY
        && byIdentity.putIfAbsent(fast, kept) == null
        && meters.get(key) != kept) {
      // The registry removed it meanwhile, maybe before the put: never keep a removed meter.
      byIdentity.remove(fast, kept);
    }
    return kept;
  }

  /** Registers (or finds, if the registry has it) the meter of {@code key}, as the default does. */
  private Meter register(Key key) {
    List<Tag> tags = new ArrayList<>();
    for (KeyValue keyValue : key.tags) {
      tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
    }
    return switch (key.type) {
      case LONG_TASK_TIMER -> registry.more().longTaskTimer(key.name + ".active", tags);
      case COUNTER -> Counter.builder(key.name + "." + key.detail).tags(tags).register(registry);
      default -> {
        tags.add(Tag.of("error", Objects.requireNonNull(key.detail)));
        yield registry.timer(key.name, tags);
      }
    };
  }

  /** What a meter is found by: its kind, the observation's name, the error or event, the tags. */
  private record Key(Meter.Type type, String name, @Nullable String detail, KeyValues tags) {}

  /** As {@link Key}, but the tags by identity: the same instance, not equal tags. */
  private static final class ByIdentity {
    private final Meter.Type type;
    private final String name;
    private final @Nullable String detail;
    private final KeyValues tags;
    private final int hash;

    ByIdentity(Meter.Type type, String name, @Nullable String detail, KeyValues tags) {
      this.type = type;
      this.name = name;
      this.detail = detail;
      this.tags = tags;
      this.hash =
          ((type.hashCode() * 31 + name.hashCode()) * 31 + Objects.hashCode(detail)) * 31
              + System.identityHashCode(tags);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof ByIdentity that
          && tags == that.tags
          && type == that.type
          && name.equals(that.name)
          && Objects.equals(detail, that.detail);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** When the handler started an observation, and its long-task timer's sample. */
  private record Started(long nanos, LongTaskTimer.@Nullable Sample active) {}
}
