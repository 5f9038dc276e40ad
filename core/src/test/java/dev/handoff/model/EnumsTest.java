package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnumsTest {
  @Test
  void urlMethodParsesGetAndPostIgnoringCase() {
    assertThat(UrlMethod.parse("GET")).isEqualTo(UrlMethod.GET);
    assertThat(UrlMethod.parse("post")).isEqualTo(UrlMethod.POST);
    assertThat(UrlMethod.parse("Post")).isEqualTo(UrlMethod.POST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "", "GET ", "G\nET"})
  void urlMethodRejectsOtherMethods(String bad) {
    assertThatThrownBy(() -> UrlMethod.parse(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("method must be GET or POST, was \"");
    assertThatThrownBy(() -> UrlMethod.parse("PUT"))
        .hasMessage("method must be GET or POST, was \"PUT\"");
  }

  @Test
  void nullsNameTheField() {
    assertThatThrownBy(() -> UrlMethod.parse(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("method == null");
    assertThatThrownBy(() -> Role.parse(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("role == null");
    assertThatThrownBy(() -> MemberActionType.parse(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("action == null");
  }

  @Test
  void roleParsesWireValuesIgnoringCase() {
    assertThat(Role.parse("agent")).isEqualTo(Role.AGENT);
    assertThat(Role.parse("CUSTOMER")).isEqualTo(Role.CUSTOMER);
    assertThat(Role.AGENT.wireValue()).isEqualTo("agent");
    assertThat(Role.CUSTOMER.wireValue()).isEqualTo("customer");
  }

  @Test
  void roleRejectsOthers() {
    assertThatThrownBy(() -> Role.parse("boss"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("role must be 'agent' or 'customer', was \"boss\"");
    assertThatThrownBy(() -> Role.parse("")).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(MemberActionType.class)
  void memberActionTypeParsesUnderscoredAndDashedForms(MemberActionType type) {
    String wire = type.wireValue();
    assertThat(MemberActionType.parse(wire)).isEqualTo(type);
    assertThat(MemberActionType.parse(wire.replace('_', '-'))).isEqualTo(type);
    assertThat(MemberActionType.parse(wire.toUpperCase(java.util.Locale.ROOT))).isEqualTo(type);
  }

  @Test
  void memberActionTypeWireValuesArePlivos() {
    assertThat(MemberActionType.values())
        .extracting(MemberActionType::wireValue)
        .containsExactly(
            "abort_transfer",
            "resume_call",
            "hold",
            "unhold",
            "hangup",
            "voicemail_drop",
            "mute",
            "unmute");
  }

  @ParameterizedTest
  @ValueSource(strings = {"warm_tranfer", "abort transfer", "", "hold\n", "kick"})
  void memberActionTypeRejectsUnknownActionsListingTheAcceptedOnes(String bad) {
    assertThatThrownBy(() -> MemberActionType.parse(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "action must be one of abort-transfer, resume-call, hold, unhold, hangup,"
                + " voicemail-drop, mute, unmute; was \"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void nodeActionTypesHaveTheirWireValues() {
    assertThat(NodeAction.Type.values())
        .extracting(NodeAction.Type::wireValue)
        .containsExactly("call", "warm_transfer", "cold_transfer");
  }
}
