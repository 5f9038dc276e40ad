package dev.handoff.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlivoResponseTest {
  @ParameterizedTest
  @ValueSource(ints = {100, 200, 429, 599})
  void acceptsStatuses100To599(int status) {
    assertThat(PlivoResponse.text(status, null, "").status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 99, 600, 1000})
  void rejectsOtherStatuses(int status) {
    assertThatThrownBy(() -> PlivoResponse.text(status, null, ""))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be 100-599, was " + status);
  }

  @Test
  void jsonKeepsScalarMembersAsStringsInOrder() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("api_id", "faad0293");
    json.put("error", "");
    json.put("count", 3);
    json.put("ratio", 1.5);
    json.put("ok", true);
    json.put("nested", Map.of("a", "b"));
    json.put("list", List.of("x"));
    json.put("missing", null);
    PlivoResponse answer = PlivoResponse.json(201, "5", json);
    assertThat(answer.fields())
        .containsExactly(
            entry("api_id", "faad0293"),
            entry("error", ""),
            entry("count", "3"),
            entry("ratio", "1.5"),
            entry("ok", "true"));
    assertThat(answer.field("api_id")).isEqualTo("faad0293");
    assertThat(answer.field("nested")).isNull();
    assertThat(answer.retryAfter()).isEqualTo("5");
    assertThat(answer.nonJsonBody()).isNull();
  }

  @Test
  void jsonThatIsNotAnObjectKeepsTheStatusOnly() {
    assertThat(PlivoResponse.json(200, null, List.of("a")).fields()).isEmpty();
    assertThat(PlivoResponse.json(200, null, "text").fields()).isEmpty();
    assertThat(PlivoResponse.json(200, null, null).fields()).isEmpty();
  }

  @Test
  void fieldsAreACopyThatCannotChange() {
    Map<String, String> fields = new HashMap<>(Map.of("api_id", "a"));
    PlivoResponse answer = new PlivoResponse(200, null, fields, null);
    fields.put("error", "late");
    assertThat(answer.fields()).containsOnlyKeys("api_id");
    assertThatThrownBy(() -> answer.fields().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatNullPointerException()
        .isThrownBy(() -> new PlivoResponse(200, null, null, null))
        .withMessage("fields == null");
  }

  @Test
  void textKeepsAnExcerptOfAtMost512Characters() {
    String body = "<html>" + "x".repeat(1000);
    PlivoResponse answer = PlivoResponse.text(502, null, body);
    assertThat(answer.nonJsonBody())
        .hasSize(PlivoResponse.EXCERPT_LIMIT)
        .isEqualTo(body.substring(0, 512));
    assertThat(answer.fields()).isEmpty();
    assertThat(PlivoResponse.text(502, null, "x".repeat(512)).nonJsonBody()).hasSize(512);
    assertThat(PlivoResponse.text(204, null, "").nonJsonBody()).isNull();
  }
}
