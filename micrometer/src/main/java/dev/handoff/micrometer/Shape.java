package dev.handoff.micrometer;

import dev.handoff.model.PlivoRequest;
import dev.handoff.spi.Wire;
import io.micrometer.common.KeyValues;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What every operation of one kind ({@link PlivoRequest#operation()}) over one transport has in
 * common: its method, URI template, names and default tags, built once and shared, so that an
 * observation's start and stop look them up instead of building and sorting new {@link KeyValues}
 * (which the profile of {@code ObservabilityBenchmark} showed as Handoff's main cost per
 * observation). The end tags are cached per outcome: their values are bounded (see {@link
 * Outcomes}), so each cache holds a few entries.
 */
final class Shape {
  /** How many retries buckets there are: {@code 0}, {@code 1}, {@code 2}, {@code 3+}. */
  private static final int BUCKETS = 4;

  final Class<?> requestType;
  final String operation;
  final String transport;
  final String method;
  final String uriTemplate;
  final String operationName;
  final String attemptName;
  final KeyValues operationStart;
  private final KeyValues[] attemptStart = new KeyValues[BUCKETS];
  private final KeyValues[] operationSuccess = new KeyValues[BUCKETS];
  private final KeyValues[] attemptSuccess = new KeyValues[BUCKETS];
  private final ConcurrentMap<End, KeyValues> operationEnds = new ConcurrentHashMap<>();
  private final ConcurrentMap<End, KeyValues> attemptEnds = new ConcurrentHashMap<>();

  private Shape(PlivoRequest request, String transport) {
    this.requestType = request.getClass();
    this.operation = request.operation();
    this.transport = transport;
    this.method = Wire.method(request).name();
    this.uriTemplate = Wire.uriTemplate(request);
    this.operationName = "handoff " + operation;
    this.attemptName = method + " " + uriTemplate;
    this.operationStart =
        KeyValues.of(
            "operation", operation,
            "transport", transport,
            "method", method,
            "uri", uriTemplate);
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      String retries = Outcomes.retries(bucket);
      attemptStart[bucket] = operationStart.and("retries", retries);
      operationSuccess[bucket] =
          operationStart.and(
              endTags(Outcomes.SUCCESS, "2xx", Outcomes.NONE).and("retries", retries));
      attemptSuccess[bucket] =
          attemptStart[bucket].and(endTags(Outcomes.SUCCESS, "2xx", Outcomes.NONE));
    }
  }

  /**
   * The shapes of one registration (one transport), by operation: an operation's request type,
   * method and template never change, so the first request of each operation builds its shape.
   */
  static final class Cache {
    private final String transport;
    private final ConcurrentMap<String, Shape> shapes = new ConcurrentHashMap<>();

    Cache(String transport) {
      this.transport = transport;
    }

    Shape of(PlivoRequest request) {
      Shape shape = shapes.get(request.operation());
      if (shape == null) {
        shape = shapes.computeIfAbsent(request.operation(), k -> new Shape(request, transport));
      }
      // An operation name is one request type's; should another type ever share it, its tags are
      // built for it alone rather than taken from the other's.
      return shape.requestType == request.getClass() ? shape : new Shape(request, transport);
    }
  }

  /** {@code retries} as an index into the per-bucket tables. */
  private static int bucket(String retries) {
    return switch (retries) {
      case "0" -> 0;
      case "1" -> 1;
      case "2" -> 2;
      default -> 3;
    };
  }

  /** The start tags of an attempt that {@code retries} (a bucket) retries came before. */
  KeyValues attemptStart(String retries) {
    return attemptStart[bucket(retries)];
  }

  /** An operation's tags once it ended. */
  KeyValues operationEnd(String outcome, String status, String delivery, String retries) {
    if (isSuccess(outcome, status, delivery)) {
      return operationSuccess[bucket(retries)];
    }
    return operationEnds.computeIfAbsent(
        new End(outcome, status, delivery, retries),
        end ->
            operationStart.and(
                endTags(end.outcome, end.status, end.delivery).and("retries", end.retries)));
  }

  /** An attempt's tags once it ended. */
  KeyValues attemptEnd(String retries, String outcome, String status, String delivery) {
    int bucket = bucket(retries);
    if (isSuccess(outcome, status, delivery)) {
      return attemptSuccess[bucket];
    }
    return attemptEnds.computeIfAbsent(
        new End(outcome, status, delivery, retries),
        end -> attemptStart[bucket].and(endTags(end.outcome, end.status, end.delivery)));
  }

  /** The common end, whose tags are kept in a field rather than looked up. */
  private static boolean isSuccess(String outcome, String status, String delivery) {
    return Outcomes.SUCCESS.equals(outcome)
        && "2xx".equals(status)
        && Outcomes.NONE.equals(delivery);
  }

  private static KeyValues endTags(String outcome, String status, String delivery) {
    return KeyValues.of("outcome", outcome, "status", status, "delivery", delivery);
  }

  /** The end tags' values, as a cache key. */
  private record End(String outcome, String status, String delivery, String retries) {}
}
