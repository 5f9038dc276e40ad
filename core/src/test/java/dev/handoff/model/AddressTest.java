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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sip:a@b:1",
        "sip:a@b:65535",
        "sip:a@10.0.0.255",
        "sip:a@0.0.0.0",
        "sip:a@255.255.255.255:5060",
        "sip:a@999.example.com",
        "sip:a@1host"
      })
  void acceptsPortsOf1To65535AndIpv4OctetsUpTo255(String address) {
    assertThat(Address.of(address).value()).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sip:a@b:0", "sip:a@b:00000", "sip:a@b:65536", "sip:a@b.com:99999"})
  void rejectsAPortOutside1To65535(String bad) {
    assertThatThrownBy(() -> Address.of(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("address must be a SIP URI whose port is 1-65535, was \"" + bad + "\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sip:a@999.999.999.999",
        "sip:a@256.0.0.1",
        "sip:a@10.0.0.1000:5060",
        "sip:a@01.2.3.4",
        "sip:a@1.2.3",
        "sip:a@1.2.3.4.5",
        "sip:a@123",
        "sip:a@example.123"
      })
  void rejectsANumericHostThatIsNoIpv4Address(String bad) {
    assertThatThrownBy(() -> Address.of(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "address must be a SIP URI whose numeric host is an IPv4 address (four numbers"
                + " 0-255, no leading zeros), was \""
                + bad
                + "\"");
  }

  @Test
  void aRejectedSipPasswordIsNotEchoed() {
    assertThatThrownBy(() -> Address.of("sip:alice:s3cret@phone.plivo.com"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("address" + RULE + "\"sip:alice:****@phone.plivo.com\"");
    assertThat(Address.maskSipPassword("sip:alice@host:5060")).isEqualTo("sip:alice@host:5060");
    assertThat(Address.maskSipPassword("+14152225555")).isEqualTo("+14152225555");
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
