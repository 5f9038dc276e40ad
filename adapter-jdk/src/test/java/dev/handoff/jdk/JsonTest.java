package dev.handoff.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transport's own JSON: the bytes it writes (as Moshi writes them: the contract suites and
 * SameWireTest compare them with the other transports') and what it accepts as one object.
 */
class JsonTest {
  @Test
  void writesCompactJsonInOrderEscapingAsMoshi() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("to", "+1415");
    body.put("q", "a\"b\\c/d\n\t\u0001\u2028é");
    assertThat(new String(Json.write(body), StandardCharsets.UTF_8))
        .isEqualTo("{\"to\":\"+1415\",\"q\":\"a\\\"b\\\\c/d\\n\\t\\u0001\\u2028é\"}");
    assertThat(Json.write(Map.of())).asString().isEqualTo("{}");
  }

  @Test
  void readsTheTopLevelScalarsOfOneObject() {
    Map<String, Object> object =
        Json.object(
            bytes(
                " {\"a\":\"x\\u0041\\n\",\"n\":1,\"f\":1.5,\"e\":1e3,\"big\":123456789012345678901,"
                    + "\"t\":true,\"z\":null,\"o\":{\"a\":[1,{}]},\"l\":[]}\r\n"));
    assertThat(object)
        .containsExactly(
            Map.entry("a", "xA\n"),
            Map.entry("n", 1L),
            Map.entry("f", 1.5),
            Map.entry("e", 1000.0),
            Map.entry("big", new java.math.BigInteger("123456789012345678901")),
            Map.entry("t", true),
            Map.entry("l", java.util.List.of()));
    assertThat(Json.object(bytes("{}"))).isEmpty();
    // A call transfer's call_uuids: an array of strings, which core keeps.
    assertThat(Json.object(bytes("{\"call_uuids\":[\"a\",\"b\"]}")))
        .containsExactly(Map.entry("call_uuids", java.util.List.of("a", "b")));
  }

  @Test
  void anythingButOneStrictObjectIsText() {
    for (String text :
        new String[] {
          "",
          "[]",
          "\"s\"",
          "{",
          "{}{}",
          "{} x",
          "{\"a\":1,\"a\":2}",
          "{\"a\":01}",
          "{\"a\":1.}",
          "{\"a\":-}",
          "{\"a\":.5}",
          "{'a':1}",
          "{\"a\":tru}",
          "{\"a\":1,}",
          "{\"a\" 1}",
          "{\"a\":\"\\x\"}",
          "{\"a\":\"\\u12\"}",
          "{\"a\":\"\\u١٢٣٤\"}",
          "\u00a0{}",
          "{a:1}",
          "{\"a\":[1,]}",
          "{\"a\":NaN}",
          "{\"a\":\"\t\"}"
        }) {
      assertThat(Json.object(bytes(text))).as(text).isNull();
    }
    assertThat(Json.object(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'})).isNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
