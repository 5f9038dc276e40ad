package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {
  private static final String RULE =
      " must be a phone number (optional '+' and 7-15 digits) or a SIP URI 'sip:user@host', was ";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+14152225555",
        "14152225555",
        "1234567",
        "+1234567",
        "123456789012345",
        "+123456789012345",
        "sip:agent1@phone.plivo.com",
        "sip:a@b",
        "sip:john.doe_1~+x-y@10.0.0.1",
        "sip:agent1@phone.plivo.com:5060"
      })
  void acceptsPhoneNumbersAndSipUrisKeptAsGiven(String address) {
    Address endpoint = Address.of(address);
    assertThat(endpoint.value()).isEqualTo(address);
    assertThat(endpoint).hasToString(address);
    assertThat(endpoint.isSip()).isEqualTo(address.startsWith("sip:"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "call me",
        "+123456",
        "123456",
        "1234567890123456",
        "+1234567890123456",
        "+1 415 222 5555",
        "++14152225555",
        "sip:@host",
        "sip:a@",
        "sip:a",
        "sip:a@b;x=y",
        "sip:a@b?subject=x",
        "sip:a@-b.com",
        "sips:a@b.com",
        "tel:+14152225555",
        "+14152225555\r\n",
        "+1415222\n5555",
        "sip:a@b\r\nX-Injected: yes",
        "",
        "+१४१५२२२५५५५"
      })
  void rejectsEverythingElseNamingTheRule(String bad) {
    assertThatThrownBy(() -> Address.of(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("address" + RULE + '"')
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
  }

  @Test
  void messageQuotesTheRejectedValue() {
    assertThatThrownBy(() -> Address.of("call me")).hasMessage("address" + RULE + "\"call me\"");
  }

  @Test
  void rejectsOverlongValuesBeforeMatching() {
    String longSip = "sip:a@" + "b".repeat(250) + ".com";
    assertThatThrownBy(() -> Address.of(longSip))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("address must be at most 255 characters");
  }

  @Test
  void nullIsNamed() {
    assertThatNullPointerException()
        .isThrownBy(() -> Address.of(null))
        .withMessage("address == null");
  }

  @Test
  void theCallersFieldIsNamedWhenCheckedForIt() {
    assertThatThrownBy(() -> Address.of("call me", "to")).hasMessage("to" + RULE + "\"call me\"");
    assertThatNullPointerException()
        .isThrownBy(() -> Address.of(null, "triggerSource"))
        .withMessage("triggerSource == null");
  }
}
