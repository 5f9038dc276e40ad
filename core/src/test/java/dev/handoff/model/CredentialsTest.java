package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {
  static final String AUTH_ID = "MAODU5ZTLKNDK2MTQ2MD";
  static final String TOKEN = "ZjA2Yjg1NGU5NDgzNzI1ODEzZTk0ZmRiMTY1MTQy";
  private static final String AUTH_ID_RULE =
      "authId must be 'MA' or 'SA' followed by 18 upper-case letters or digits (20 characters)";
  private static final String TOKEN_RULE =
      "authToken must be 1-256 printable ASCII characters without spaces";

  @ParameterizedTest
  @ValueSource(strings = {AUTH_ID, "SAODU5ZTLKNDK2MTQ2MD", "MA000000000000000000"})
  void acceptsMainAndSubaccountIds(String authId) {
    Credentials credentials = new Credentials(authId, TOKEN);
    assertThat(credentials.authId()).isEqualTo(authId);
    assertThat(credentials.authToken()).isEqualTo(TOKEN);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "MAODU5ZTLKNDK2MTQ2M",
        "MAODU5ZTLKNDK2MTQ2MDX",
        "XAODU5ZTLKNDK2MTQ2MD",
        "maODU5ZTLKNDK2MTQ2MD",
        "MAodu5ZTLKNDK2MTQ2MD",
        "MAODU5ZTLKNDK2MTQ2M ",
        "MAODU5ZTLKNDK2MTQ2M\n"
      })
  void rejectsBadAuthIdsWithoutEchoingThem(String bad) {
    assertThatThrownBy(() -> new Credentials(bad, TOKEN))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(AUTH_ID_RULE)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  @Test
  void aTokenPastedAsTheAuthIdIsNotEchoed() {
    assertThatThrownBy(() -> new Credentials(TOKEN, TOKEN))
        .hasMessage(AUTH_ID_RULE)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  @Test
  void acceptsTokensOfPrintableAsciiUpTo256() {
    assertThat(new Credentials(AUTH_ID, "x").authToken()).isEqualTo("x");
    assertThat(new Credentials(AUTH_ID, "!~\"\\" + "a".repeat(252)).authToken()).hasSize(256);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\there", "new\nline", "nön-ascii", "\u007f"})
  void rejectsBadTokensWithoutEchoingThem(String bad) {
    assertThatThrownBy(() -> new Credentials(AUTH_ID, bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(TOKEN_RULE);
  }

  @Test
  void rejectsTokensOver256() {
    String tooLong = "s".repeat(257);
    assertThatThrownBy(() -> new Credentials(AUTH_ID, tooLong))
        .hasMessage(TOKEN_RULE)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(tooLong));
  }

  @Test
  void nullsAreNamed() {
    assertThatNullPointerException()
        .isThrownBy(() -> new Credentials(null, TOKEN))
        .withMessage("authId == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new Credentials(AUTH_ID, null))
        .withMessage("authToken == null");
  }

  @Test
  void toStringShowsTheAuthIdAndHidesTheToken() {
    Credentials credentials = new Credentials(AUTH_ID, TOKEN);
    assertThat(credentials.toString())
        .isEqualTo("Credentials[authId=" + AUTH_ID + ", authToken=****]")
        .doesNotContain(TOKEN);
  }

  @Test
  void fromEnvironmentReadsBothVariables() {
    Credentials credentials =
        Credentials.fromEnvironment(Map.of("PLIVO_AUTH_ID", AUTH_ID, "PLIVO_AUTH_TOKEN", TOKEN));
    assertThat(credentials).isEqualTo(new Credentials(AUTH_ID, TOKEN));
  }

  @Test
  void fromEnvironmentNamesTheMissingVariable() {
    assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of()))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage(
            "environment variable PLIVO_AUTH_ID is not set: it must hold the Plivo Auth ID");
    assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of("PLIVO_AUTH_ID", AUTH_ID)))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage(
            "environment variable PLIVO_AUTH_TOKEN is not set: it must hold the Plivo Auth Token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AUTH_ID));
    assertThatThrownBy(
            () ->
                Credentials.fromEnvironment(Map.of("PLIVO_AUTH_ID", "", "PLIVO_AUTH_TOKEN", TOKEN)))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PLIVO_AUTH_ID is not set")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  @Test
  void fromEnvironmentNamesTheBadVariableWithoutItsValue() {
    // Swapped variables: the classic mistake that would print a token into a log.
    Map<String, String> swapped = Map.of("PLIVO_AUTH_ID", TOKEN, "PLIVO_AUTH_TOKEN", AUTH_ID);
    assertThatThrownBy(() -> Credentials.fromEnvironment(swapped))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("PLIVO_AUTH_ID: " + AUTH_ID_RULE)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN, AUTH_ID));

    Map<String, String> badToken = Map.of("PLIVO_AUTH_ID", AUTH_ID, "PLIVO_AUTH_TOKEN", "a b");
    assertThatThrownBy(() -> Credentials.fromEnvironment(badToken))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("PLIVO_AUTH_TOKEN: " + TOKEN_RULE)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AUTH_ID));
  }
}
