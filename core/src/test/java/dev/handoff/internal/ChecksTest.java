package dev.handoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
