package dev.handoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {
  private static final String AUTH_ID = "MAODU5ZTLKNDK2MTQ2MD";
  // Base64 of "<id>:<token>" and of the token hold '+', '/' and padding: both alphabets differ.
  private static final String TOKEN = "Zjnm,/(Y+a<~ekY$47Az?<Ww3Vxe";
  private static final Redactor REDACTOR = Redactor.of(new Credentials(AUTH_ID, TOKEN));

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64Url(String value) {
    return Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Every form a peer may echo, each of which must be masked whole. */
  static String[] forms() {
    String basic = base64(AUTH_ID + ":" + TOKEN);
    return new String[] {
      TOKEN,
      TOKEN.toUpperCase(Locale.ROOT),
      TOKEN.toLowerCase(Locale.ROOT),
      basic,
      basic.replace("=", ""),
      basic.toUpperCase(Locale.ROOT),
      base64Url(AUTH_ID + ":" + TOKEN),
      base64Url(AUTH_ID + ":" + TOKEN).replace("=", ""),
      base64(TOKEN),
      base64(TOKEN).replace("=", ""),
      base64Url(TOKEN),
      base64Url(TOKEN).replace("=", ""),
      base64(TOKEN).toLowerCase(Locale.ROOT)
    };
  }

  @Test
  void theFormsDifferFromEachOther() {
    // Otherwise the cases below would test one form several times.
    assertThat(base64(AUTH_ID + ":" + TOKEN)).contains("+", "/", "=");
    assertThat(base64(TOKEN)).contains("+", "/", "=");
    assertThat(base64Url(TOKEN)).isNotEqualTo(base64(TOKEN));
  }

  @ParameterizedTest
  @MethodSource("forms")
  void everyFormIsMaskedWhole(String form) {
    String text = "Unexpected status line: " + form + " 401 Unauthorized";

    assertThat(REDACTOR.holdsSecret(text)).isTrue();
    assertThat(REDACTOR.redact(text))
        .isEqualTo("Unexpected status line: **** 401 Unauthorized")
        .doesNotContainIgnoringCase(TOKEN);
  }

  @Test
  void theAuthorizationValueIsMaskedWithOrWithoutItsScheme() {
    String basic = base64(AUTH_ID + ":" + TOKEN);
    assertThat(REDACTOR.redact("Authorization: Basic " + basic))
        .isEqualTo("Authorization: Basic ****");
    assertThat(REDACTOR.redact(basic + "," + basic)).isEqualTo("****,****");
  }

  @Test
  void textWithoutASecretIsReturnedAsIs() {
    String text = "Content-Length value is not a number: abc";
    assertThat(REDACTOR.holdsSecret(text)).isFalse();
    assertThat(REDACTOR.redact(text)).isSameAs(text);
    assertThat(REDACTOR.redact("")).isEmpty();
    assertThat(REDACTOR.holdsSecret(TOKEN.substring(1))).isFalse();
  }

  @Test
  void aSecretCutAtTheEndOfATextIsMasked() {
    String half = TOKEN.substring(0, TOKEN.length() / 2);
    assertThat(REDACTOR.redactCut("token=" + half)).isEqualTo("token=****");
    assertThat(REDACTOR.redactCut("token=" + half.toUpperCase(Locale.ROOT)))
        .isEqualTo("token=****");
    String basic = base64(AUTH_ID + ":" + TOKEN);
    assertThat(REDACTOR.redactCut("Basic " + basic.substring(0, 30))).isEqualTo("Basic ****");
    assertThat(REDACTOR.redactCut("a whole " + TOKEN + " and a cut " + half))
        .isEqualTo("a whole **** and a cut ****");
  }

  @Test
  void aTailThatMatchesASecretsFirstCharactersByChanceIsKept() {
    // "Zj" ends the text and starts the token: too short to say anything of it.
    assertThat(REDACTOR.redactCut("Bad Gateway Zj")).isEqualTo("Bad Gateway Zj");
    assertThat(Redactor.of("ab").redactCut("xa")).isEqualTo("x****");
  }

  @Test
  void aSingleSecretIsMaskedWithItsBase64Forms() {
    Redactor single = Redactor.of("s3cret");
    assertThat(
            single.redact("S3CRET " + base64("s3cret") + " " + base64("s3cret").replace("=", "")))
        .isEqualTo("**** **** ****");
  }

  @Test
  void theBase64OfAVeryShortTokenIsNotMaskedInOrdinaryWords() {
    // base64("x") is "eA==": ignoring case, "ea" is in "unexpected", "clear", "read".
    Redactor tiny = Redactor.of(new Credentials(AUTH_ID, "x"));
    assertThat(tiny.redact("unexpected end of stream")).isEqualTo("une****pected end of stream");
    assertThat(tiny.redact("read timed out")).isEqualTo("read timed out");
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(REDACTOR.toString()).doesNotContain(TOKEN).startsWith("Redactor[");
  }
}
