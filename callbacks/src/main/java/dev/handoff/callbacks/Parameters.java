package dev.handoff.callbacks;

import dev.handoff.model.CallUuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The parameters of one callback while a record takes the ones it names. */
final class Parameters {
  private final LinkedHashMap<String, List<String>> all = new LinkedHashMap<>();
  private final Set<String> taken = new HashSet<>();

  Parameters(List<Map.Entry<String, String>> pairs) {
    for (Map.Entry<String, String> pair : pairs) {
      all.computeIfAbsent(Objects.requireNonNull(pair.getKey(), "name"), k -> new ArrayList<>())
          .add(Objects.requireNonNull(pair.getValue(), "value"));
    }
  }

  boolean has(String name) {
    return all.containsKey(name);
  }

  /** The one value of {@code name}, or null when absent or empty. */
  @Nullable String optional(String name) {
    taken.add(name);
    List<String> values = all.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException(name + " must appear once, appeared " + values.size());
    }
    return values.get(0).isEmpty() ? null : values.get(0);
  }

  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " must be present and not empty");
    }
    return value;
  }

  @Nullable CallUuid optionalUuid(String name) {
    String value = optional(name);
    if (value == null) {
      return null;
    }
    try {
      return CallUuid.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + " must be a UUID (8-4-4-4-12 hexadecimal digits)", e);
    }
  }

  CallUuid requiredUuid(String name) {
    CallUuid uuid = optionalUuid(name);
    if (uuid == null) {
      throw new IllegalArgumentException(name + " must be present and not empty");
    }
    return uuid;
  }

  /** Whole seconds, 0 or more. */
  @Nullable Duration optionalSeconds(String name) {
    String value = optional(name);
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number of seconds, 0 or more");
  }

  /** Everything no {@code optional}/{@code required} call took, in order. */
  Map<String, List<String>> others() {
    Map<String, List<String>> rest = new LinkedHashMap<>();
    all.forEach(
        (name, values) -> {
          if (!taken.contains(name)) {
            rest.put(name, List.copyOf(values));
          }
        });
    return Collections.unmodifiableMap(rest);
  }

  static Map<String, List<String>> copy(Map<String, List<String>> others) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(others, "others")
        .forEach((name, values) -> copy.put(Objects.requireNonNull(name), List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }
}
