package dev.handoff.retrofit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.spi.Wire;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * Serialises a {@code Wire.body()} map as a request body: compact JSON in the map's order, by
 * Moshi, with the {@code Content-Type} exactly {@code application/json}.
 *
 * <p>Not Retrofit's {@code MoshiConverterFactory}: it labels bodies {@code application/json;
 * charset=UTF-8}, and every transport must send the same bytes. The body is created from bytes, not
 * a string, because OkHttp appends {@code ; charset=utf-8} to a string body's media type.
 */
final class JsonBodyConverterFactory extends Converter.Factory {
  static final MediaType JSON = MediaType.get(Wire.JSON_CONTENT_TYPE);
  private static final Type STRING_MAP =
      Types.newParameterizedType(Map.class, String.class, String.class);

  private final JsonAdapter<Map<String, String>> adapter;

  JsonBodyConverterFactory(Moshi moshi) {
    this.adapter = moshi.adapter(STRING_MAP);
  }

  @Override
  public @Nullable Converter<?, RequestBody> requestBodyConverter(
      Type type,
      Annotation[] parameterAnnotations,
      Annotation[] methodAnnotations,
      Retrofit retrofit) {
    if (!Types.equals(type, STRING_MAP)) {
      return null;
    }
    return (Map<String, String> body) -> {
      Buffer buffer = new Buffer();
      adapter.toJson(buffer, body);
      return RequestBody.create(buffer.readByteString(), JSON);
    };
  }
}
