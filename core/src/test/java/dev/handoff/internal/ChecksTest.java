package dev.handoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {
  @Test
  void sanitizeReturnsPlainTextWithinTheLimitAsIs() {
    String apiId = "b8d4a1c2-6f0e-4d3b-9a57-0c1d2e3f4a5b";
    assertThat(Checks.sanitize(apiId, 80)).isSameAs(apiId);
    assertThat(Checks.sanitize("", 80)).isEmpty();
    assertThat(Checks.sanitize("café ünïcode", 80)).isEqualTo("café ünïcode");
  }

  @Test
  void sanitizeStillEscapesAndCuts() {
    assertThat(Checks.sanitize("a\"b\\c", 80)).isEqualTo("a\\\"b\\\\c");
    assertThat(Checks.sanitize("a\nb\rc\td", 80)).isEqualTo("a\\nb\\rc\\td");
    assertThat(Checks.sanitize("a\u0007b\u200bc\u007f", 80)).isEqualTo("a\\u0007b\\u200bc\\u007f");
    assertThat(Checks.sanitize("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Checks.sanitize("abcdefg", 6)).isEqualTo("abcdef...");
  }

  @Test
  void aUrlThatDoesNotParseKeepsItsUserInfoHidden() {
    assertThat(Checks.quoteUrl("https://MA0123:s3cret-token@host/a b"))
        .isEqualTo("\"https://****@host/a b\"")
        .doesNotContain("s3cret");
    assertThat(Checks.quoteUrl("not a url")).isEqualTo("\"not a url\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // a server-based authority
        "https://user:TOKEN@example.com/x | https://****@example.com/x",
        // registry-based: the '_' leaves URI without a host, and without user info
        "https://user:TOKEN@bad_host | https://****@bad_host",
        "https://user:TOKEN@bad_host:99999999999/x | https://****@bad_host:99999999999/x",
        // opaque: no '//', no authority at all
        "http:user:TOKEN@127.0.0.1 | http:****@127.0.0.1",
        "HTTPS:user:TOKEN@example.com/x | HTTPS:****@example.com/x",
        // any run of slashes or backslashes, as browsers read http(s)
        "https:////user:TOKEN@example.com | https:////****@example.com",
        "https:\\\\user:TOKEN@example.com | https:\\\\****@example.com",
        // other schemes with an authority
        "ftp://user:TOKEN@example.com/x | ftp://****@example.com/x",
        // the last '@' of the authority ends the user info
        "https://user:TOK@EN@example.com/x | https://****@example.com/x",
        // no scheme: what looks like one may be the user, or the password
        "user:TOKEN@example.com | ****@example.com",
        "TOKEN:x@example.com | ****@example.com",
        // an '@' after the authority is no user info
        "https://example.com/v1/sip:a@b?x=a@b#c@d | https://example.com/v1/sip:a@b?x=a@b#c@d",
        "https://example.com | https://example.com",
        "not a url | not a url"
      })
  void userInfoIsMaskedInEveryShapeOfUrl(String url, String masked) {
    assertThat(Checks.maskUserInfo(url)).isEqualTo(masked);
    assertThat(Checks.quoteUrl(url)).isEqualTo(Checks.quote(masked)).doesNotContain("TOKEN");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:TOKEN@bad_host",
        "http:user:TOKEN@127.0.0.1",
        "https://user:TOKEN@example.com:8443/x",
        "mailto:user:TOKEN@example.com"
      })
  void aParsedUriKeepsItsUserInfoHiddenWhateverItsShape(String url) {
    assertThat(Checks.quote(URI.create(url))).doesNotContain("TOKEN").contains("****@");
  }
}
