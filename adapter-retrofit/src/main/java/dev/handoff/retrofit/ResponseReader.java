package dev.handoff.retrofit;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.spi.Wire;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Turns what OkHttp received into a {@link PlivoResponse}, for any status: a body holding one JSON
 * object under {@link Wire}'s rule becomes {@link PlivoResponse#json}, anything else (empty, HTML,
 * an array, broken JSON, and JSON Moshi would take though the rule does not: a raw control
 * character in a string, a byte order mark, bytes that are not UTF-8, nesting over {@value
 * Wire#MAX_JSON_DEPTH}) {@link PlivoResponse#text} with at most {@link PlivoResponse#EXCERPT_LIMIT}
 * characters. Parsing never throws; only reading the body can (a broken connection, or {@link
 * ResponseSizeLimit}).
 */
final class ResponseReader {
  private ResponseReader() {}

  /**
   * Reads {@code body} (already bounded by {@link ResponseSizeLimit}) and closes it.
   *
   * @param body the response's body, or null when there is none (204, 205)
   * @throws IOException if reading the body failed
   */
  static PlivoResponse read(int status, @Nullable String retryAfter, @Nullable ResponseBody body)
      throws IOException {
    if (body == null) {
      return PlivoResponse.text(status, retryAfter, "");
    }
    try (body) {
      byte[] bytes = body.source().readByteArray();
      Object json = jsonObject(bytes);
      if (json != null) {
        return PlivoResponse.json(status, retryAfter, json);
      }
      // Only text needs the charset. OkHttp parses Content-Type into a MediaType (with regular
      // expressions) on every contentType() call: not worth it for the JSON responses Plivo sends.
      MediaType type = body.contentType();
      return text(
          status,
          retryAfter,
          bytes,
          type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8));
    }
  }

  static PlivoResponse decode(
      int status, @Nullable String retryAfter, ByteString body, @Nullable Charset charset) {
    byte[] bytes = body.toByteArray();
    Object json = jsonObject(bytes);
    if (json != null) {
      return PlivoResponse.json(status, retryAfter, json);
    }
    return text(status, retryAfter, bytes, charset);
  }

  private static PlivoResponse text(
      int status, @Nullable String retryAfter, byte[] bytes, @Nullable Charset charset) {
    String text = new String(bytes, charset == null ? StandardCharsets.UTF_8 : charset);
    if (text.length() > PlivoResponse.EXCERPT_LIMIT) {
      text = text.substring(0, PlivoResponse.EXCERPT_LIMIT);
    }
    return PlivoResponse.text(status, retryAfter, text);
  }

  /**
   * The parsed body if it is exactly one JSON object (white space around it allowed), else null.
   */
  private static @Nullable Object jsonObject(byte[] bytes) {
    // Moshi takes raw control characters in strings, bytes that are not UTF-8 (as U+FFFD) and 255
    // levels of nesting; Wire's rule, which every transport follows, does not.
    if (bytes.length == 0 || !Wire.isJsonCandidate(bytes, 0, bytes.length)) {
      return null;
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(bytes))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return null;
      }
      Object value = reader.readJsonValue();
      return reader.peek() == JsonReader.Token.END_DOCUMENT ? value : null;
    } catch (JsonDataException | IOException e) {
      // Moshi's JsonEncodingException (malformed JSON) is an IOException: the body is text, not
      // JSON.
      return null;
    }
  }
}
