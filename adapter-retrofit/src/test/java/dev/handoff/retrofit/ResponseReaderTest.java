package dev.handoff.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.spi.PlivoResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** Decoding a body: one JSON object becomes fields, anything else an excerpt, nothing throws. */
class ResponseReaderTest {

  @Test
  void jsonObjectBecomesFields() {
    PlivoResponse answer =
        decode(201, " {\"api_id\": \"a-1\", \"error\": \"\", \"n\": {\"x\": 1}} ");

    assertThat(answer.fields()).containsEntry("api_id", "a-1").containsEntry("error", "");
    assertThat(answer.fields()).doesNotContainKey("n");
    assertThat(answer.nonJsonBody()).isNull();
  }

  @Test
  void retryAfterIsKeptRaw() {
    PlivoResponse answer =
        ResponseReader.decode(429, "7", ByteString.encodeUtf8("{}"), StandardCharsets.UTF_8);

    assertThat(answer.retryAfter()).isEqualTo("7");
  }

  @Test
  void jsonArrayIsText() {
    PlivoResponse answer = decode(200, "[{\"api_id\": \"a\"}]");

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isEqualTo("[{\"api_id\": \"a\"}]");
  }

  @Test
  void trailingGarbageIsText() {
    PlivoResponse answer = decode(200, "{\"api_id\": \"a\"} trailing");

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).startsWith("{\"api_id\"");
  }

  @Test
  void brokenJsonIsText() {
    PlivoResponse answer = decode(500, "{\"api_id\": ");

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isEqualTo("{\"api_id\": ");
  }

  @Test
  void duplicateKeysAreText() {
    PlivoResponse answer = decode(200, "{\"a\": \"1\", \"a\": \"2\"}");

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isNotNull();
  }

  @Test
  void longTextIsCutToTheExcerptLimit() {
    PlivoResponse answer = decode(502, "<html>" + "x".repeat(5000) + "</html>");

    assertThat(answer.nonJsonBody()).hasSize(PlivoResponse.EXCERPT_LIMIT).startsWith("<html>xxx");
  }

  @Test
  void emptyBodyHasNoExcerpt() {
    PlivoResponse answer = decode(200, "");

    assertThat(answer.fields()).isEmpty();
    assertThat(answer.nonJsonBody()).isNull();
  }

  @Test
  void textUsesTheDeclaredCharset() {
    PlivoResponse answer =
        ResponseReader.decode(
            500,
            null,
            ByteString.of("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)),
            StandardCharsets.ISO_8859_1);

    assertThat(answer.nonJsonBody()).isEqualTo("caf\u00e9");
  }

  @Test
  void jsonMoshiWouldTakeButTheRuleDoesNotIsText() {
    // Moshi reads all of these as objects; Wire's rule (and Vert.x's parser) does not.
    for (String body :
        List.of(
            "{\"api_id\": \"a\u0001b\"}",
            "{\"api_id\": \"a\tb\"}",
            "{\"x\": " + "[".repeat(32) + "]".repeat(32) + "}")) {
      PlivoResponse answer = decode(201, body);
      assertThat(answer.fields()).as(body).isEmpty();
      assertThat(answer.nonJsonBody()).as(body).isNotNull();
    }
    PlivoResponse notUtf8 =
        ResponseReader.decode(
            201,
            null,
            ByteString.of("{\"api_id\": \"a\u00c3(\"}".getBytes(StandardCharsets.ISO_8859_1)),
            StandardCharsets.UTF_8);
    assertThat(notUtf8.fields()).isEmpty();
  }

  private static PlivoResponse decode(int status, String body) {
    return ResponseReader.decode(status, null, ByteString.encodeUtf8(body), StandardCharsets.UTF_8);
  }
}
