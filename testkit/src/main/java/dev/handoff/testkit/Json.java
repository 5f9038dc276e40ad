package dev.handoff.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads request bodies and writes answer bodies with Moshi. */
final class Json {
  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Object> ANY = MOSHI.adapter(Object.class);
  private static final JsonAdapter<Map<String, Object>> OBJECT =
      MOSHI.adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private Json() {}

  /** The body as a JSON object, or null when it is empty, malformed or not an object. */
  @SuppressWarnings("unchecked")
  static @Nullable Map<String, Object> object(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      Object value = ANY.fromJson(body);
      return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code object} as JSON, in its iteration order. */
  static String write(Map<String, Object> object) {
    return OBJECT.toJson(object);
  }
}
