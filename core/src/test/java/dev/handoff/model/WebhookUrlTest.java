package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlTest {
  private static final String RULE = "url must be an absolute http or https URL with a host";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/hold.xml",
        "http://aleg.url",
        "HTTPS://example.com:8443/a/b?x=1&y=2",
        "http://127.0.0.1:8080/xml"
      })
  void acceptsAbsoluteHttpUrlsWithAHost(String url) {
    WebhookUrl webhook = WebhookUrl.of(url, UrlMethod.GET);
    assertThat(webhook.uri()).isEqualTo(URI.create(url));
    assertThat(webhook.method()).isEqualTo(UrlMethod.GET);
  }

  @Test
  void methodDefaultsToPost() {
    assertThat(WebhookUrl.of("https://example.com/x").method()).isEqualTo(UrlMethod.POST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a url",
        "ftp://example.com/x.xml",
        "file:///etc/passwd",
        "/relative/path.xml",
        "example.com/x.xml",
        "https://user:pass@example.com/x.xml",
        "https://user@example.com/x.xml",
        "http:///nohost",
        "mailto:a@example.com",
        "https://example.com/\r\nX: y"
      })
  void rejectsAnythingElseNamingTheRule(String bad) {
    assertThatThrownBy(() -> WebhookUrl.of(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(RULE)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
  }

  @Test
  void rejectedUserInfoIsNotEchoed() {
    assertThatThrownBy(() -> WebhookUrl.of("https://admin:hunter2@example.com/x.xml"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was \"https://****@example.com/x.xml\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2", "admin"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:s3cret-token@bad_host/x.xml",
        "http:user:s3cret-token@127.0.0.1/x.xml",
        "https://user:s3cret-token@example.com:99999999999/x.xml"
      })
  void rejectedUserInfoIsNotEchoedWhateverTheShapeOfTheUrl(String url) {
    assertThatThrownBy(() -> WebhookUrl.of(url))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(RULE)
        .hasMessageContaining("****@")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com:0/x.xml", "https://example.com:99999/x.xml"})
  void aPortOutside1To65535IsRejected(String url) {
    assertThatThrownBy(() -> WebhookUrl.of(url))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must have a port of 1-65535, was \"" + url + "\"");
  }

  @Test
  void portsFrom1To65535AreAccepted() {
    assertThat(WebhookUrl.of("https://example.com:1/x").uri().getPort()).isEqualTo(1);
    assertThat(WebhookUrl.of("https://example.com:65535/x").uri().getPort()).isEqualTo(65535);
  }

  @Test
  void rejectsOverlongUrls() {
    String url = "https://example.com/" + "a".repeat(2048);
    assertThatThrownBy(() -> WebhookUrl.of(url))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 2048 characters");
    assertThat(WebhookUrl.of("https://example.com/" + "a".repeat(2048 - 20)).uri().toString())
        .hasSize(2048);
  }

  @Test
  void theRecordConstructorChecksToo() {
    assertThatThrownBy(() -> new WebhookUrl(URI.create("ftp://example.com"), UrlMethod.POST))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(RULE);
    assertThatNullPointerException()
        .isThrownBy(() -> new WebhookUrl(null, UrlMethod.POST))
        .withMessage("url == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new WebhookUrl(URI.create("https://example.com"), null))
        .withMessage("method == null");
    assertThatNullPointerException()
        .isThrownBy(() -> WebhookUrl.of(null, UrlMethod.GET))
        .withMessage("url == null");
  }
}
