package dev.handoff.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as {@link FakePlivoServer} received it, before it was answered: the raw record
 * of {@link FakePlivoServer#httpRequests()} and {@link FakePlivoServer#takeHttpRequest()}, for the
 * bytes on the wire ({@link FakePlivoServer#requests()} has the typed Plivo requests). Immutable
 * and thread-safe.
 *
 * @param method the HTTP method, for example {@code "POST"}
 * @param path the request target exactly as received, percent-encoding and query included, for
 *     example {@code "/v1/phlo/p1/multi_party_call/n1/members/+14152223333"}
 * @param headers every header, by name as received; repeated headers are joined with {@code ", "}
 * @param body the body decoded as UTF-8; empty when the request had none
 */
public record RecordedPlivoRequest(
    String method, String path, Map<String, String> headers, String body) {

  /**
   * @throws NullPointerException if a component is null
   */
  public RecordedPlivoRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body == null");
  }

  /** The value of the header {@code name}, matched case-insensitively, or null when absent. */
  public @Nullable String header(String name) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  /** Method and path only: the headers hold credentials, which a test report must not show. */
  @Override
  public String toString() {
    return method + " " + path;
  }
}
