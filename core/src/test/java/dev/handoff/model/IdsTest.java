package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
  private static final String ID_RULE = "must be 1-64 letters, digits, '-' or '_', was ";

  static Stream<Arguments> idTypes() {
    return Stream.of(
        Arguments.of("phloId", (Function<String, Object>) PhloId::of),
        Arguments.of("nodeId", (Function<String, Object>) NodeId::of));
  }

  static Stream<Arguments> badIds() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Arguments type : idTypes().toList()) {
      for (String bad :
          new String[] {
            "/",
            "a/b",
            "..",
            "../../x",
            "a b",
            "a\rb",
            "a\nb",
            "",
            "a".repeat(65),
            "café",
            "ａ",
            "%2e"
          }) {
        cases.add(Arguments.of(type.get()[0], type.get()[1], bad));
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} accepts")
  @MethodSource("idTypes")
  void idsAcceptLettersDigitsDashUnderscoreUpTo64(String field, Function<String, Object> of) {
    for (String good :
        new String[] {
          "4f5bd9d8-5f4d-4b2a-9f57-2a4c3c6e8f10", "a", "A_b-9", "x".repeat(64), "0123456789"
        }) {
      assertThat(of.apply(good)).hasToString(good);
    }
  }

  @ParameterizedTest(name = "{0} rejects {2}")
  @MethodSource("badIds")
  void idsRejectAnythingThatCouldEscapeAPathSegment(
      String field, Function<String, Object> of, String bad) {
    assertThatThrownBy(() -> of.apply(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + " " + ID_RULE + '"')
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
  }

  @Test
  void idMessagesQuoteTheValueWithControlCharactersEscaped() {
    assertThatThrownBy(() -> PhloId.of("../../x")).hasMessage("phloId " + ID_RULE + "\"../../x\"");
    assertThatThrownBy(() -> NodeId.of("a\r\nb")).hasMessage("nodeId " + ID_RULE + "\"a\\r\\nb\"");
  }

  @Test
  void nullIdsNameTheField() {
    assertThatNullPointerException()
        .isThrownBy(() -> new PhloId(null))
        .withMessage("phloId == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new NodeId(null))
        .withMessage("nodeId == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new CallUuid(null))
        .withMessage("callUuid == null");
  }

  @Test
  void idsAreValuesComparedByContent() {
    assertThat(PhloId.of("abc")).isEqualTo(new PhloId("abc")).isNotEqualTo(PhloId.of("abd"));
    assertThat(NodeId.of("abc").value()).isEqualTo("abc");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"55309cee-821d-11e4-9a73-498d468c930b", "55309CEE-821D-11E4-9A73-498D468C930B"})
  void callUuidAcceptsUuidsKeptAsGiven(String uuid) {
    assertThat(CallUuid.of(uuid).value()).isEqualTo(uuid);
    assertThat(CallUuid.of(uuid)).hasToString(uuid);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "55309cee821d11e49a73498d468c930b",
        "55309cee-821d-11e4-9a73-498d468c930",
        "55309cee-821d-11e4-9a73-498d468c930bb",
        "55309cee-821d-11e4-9a73-498d468c930g",
        "55309cee-821d-11e4-9a73-498d468c930b/",
        "../55309cee-821d-11e4-9a73-498d468c9",
        "55309cee-821d-11e4-9a73-498d468c930b\n"
      })
  void callUuidRejectsAnythingElse(String bad) {
    assertThatThrownBy(() -> CallUuid.of(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("callUuid must be a UUID (8-4-4-4-12 hexadecimal digits), was \"");
  }
}
