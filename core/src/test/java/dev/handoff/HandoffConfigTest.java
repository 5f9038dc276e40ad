package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.model.Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandoffConfigTest {
  static final String TOKEN = "ZjA2Yjg1NGU5NDgzNzI1ODEzZTk0ZmRiMTY1MTQy";
  static final Credentials CREDENTIALS = new Credentials("MAODU5ZTLKNDK2MTQ2MD", TOKEN);
  private static final String URL_RULE =
      " must be an absolute https URL (http only on localhost, 127.0.0.0/8 or [::1]) without user"
          + " info, query or fragment, was ";

  @Test
  void defaults() {
    HandoffConfig config = HandoffConfig.of(CREDENTIALS);
    assertThat(config.credentials()).isEqualTo(CREDENTIALS);
    assertThat(config.phloBaseUrl()).isEqualTo(URI.create("https://phlorunner.plivo.com"));
    assertThat(config.voiceBaseUrl()).isEqualTo(URI.create("https://api.plivo.com"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.defaults());
    assertThat(config.listener()).isSameAs(TransferListener.NONE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost",
        "http://LOCALHOST:9000",
        "http://[::1]:1",
        "https://example.com",
        "https://eu.example.com:8443/prefix"
      })
  void httpsEverywhereHttpOnlyOnLoopback(String url) {
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS).phloBaseUrl(url).voiceBaseUrl(url).build();
    assertThat(config.phloBaseUrl()).isEqualTo(URI.create(url));
    assertThat(config.voiceBaseUrl()).isEqualTo(URI.create(url));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
        "http://10.0.0.1",
        "ftp://localhost",
        "https://user:pass@example.com",
        "https://example.com?x=1",
        "https://example.com#f",
        "/relative",
        "example.com"
      })
  void anyOtherBaseUrlIsRejectedNamingTheField(String url) {
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).phloBaseUrl(url).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phloBaseUrl" + URL_RULE);
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).voiceBaseUrl(url).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("voiceBaseUrl" + URL_RULE);
  }

  @Test
  void plainHttpToARealHostIsRejectedWithTheExactMessage() {
    assertThatThrownBy(
            () -> HandoffConfig.builder(CREDENTIALS).voiceBaseUrl("http://example.com").build())
        .hasMessage("voiceBaseUrl" + URL_RULE + "\"http://example.com\"");
  }

  @Test
  void rejectedUserInfoIsNotEchoed() {
    assertThatThrownBy(
            () ->
                HandoffConfig.builder(CREDENTIALS)
                    .phloBaseUrl("https://admin:hunter2@proxy.example.com")
                    .build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("phloBaseUrl" + URL_RULE + "\"https://****@proxy.example.com\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:" + TOKEN + "@bad_host",
        "http:user:" + TOKEN + "@127.0.0.1",
        "https:user:" + TOKEN + "@example.com",
        "https://user:" + TOKEN + "@example.com:99999999999"
      })
  void rejectedUserInfoIsNotEchoedWhateverTheShapeOfTheUrl(String url) {
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).phloBaseUrl(url).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phloBaseUrl" + URL_RULE)
        .hasMessageContaining("****@")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThatThrownBy(
            () -> HandoffConfig.builder(CREDENTIALS).voiceBaseUrl(URI.create(url)).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:0", "http://127.0.0.1:65536", "https://example.com:99999"})
  void aPortOutside1To65535IsRejectedNamingTheFieldAndTheRule(String url) {
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).phloBaseUrl(url).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("phloBaseUrl must have a port of 1-65535, was \"" + url + "\"");
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).voiceBaseUrl(url).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("voiceBaseUrl must have a port of 1-65535, was \"" + url + "\"");
  }

  @Test
  void portsFrom1To65535AreAccepted() {
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .phloBaseUrl("http://127.0.0.1:1")
            .voiceBaseUrl("https://example.com:65535")
            .build();
    assertThat(config.phloBaseUrl().getPort()).isEqualTo(1);
    assertThat(config.voiceBaseUrl().getPort()).isEqualTo(65535);
  }

  @Test
  void anIpv6ZoneIsRejected() {
    assertThatThrownBy(
            () ->
                HandoffConfig.builder(CREDENTIALS).phloBaseUrl("https://[fe80::1%25eth0]").build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("phloBaseUrl must not name an IPv6 zone, was \"https://[fe80::1%25eth0]\"");
  }

  @Test
  void unparsableUrlsAreRejectedByTheSetter() {
    assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).phloBaseUrl("not a url"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "phloBaseUrl must be an absolute https URL (http only on localhost, 127.0.0.0/8 or"
                + " [::1]), was \"not a url\"");
  }

  @Test
  void trailingSlashesAreDropped() {
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .phloBaseUrl("https://example.com/")
            .voiceBaseUrl(URI.create("http://127.0.0.1:8080/prefix//"))
            .build();
    assertThat(config.phloBaseUrl()).hasToString("https://example.com");
    assertThat(config.voiceBaseUrl()).hasToString("http://127.0.0.1:8080/prefix");
  }

  @Test
  void timeoutsArePositiveAndAtMostTenMinutes() {
    HandoffConfig.Builder builder = HandoffConfig.builder(CREDENTIALS);
    assertThat(builder.timeout(Duration.ofMinutes(10)).build().timeout())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(builder.connectTimeout(Duration.ofNanos(1)).build().connectTimeout())
        .isEqualTo(Duration.ofNanos(1));
    for (Duration bad :
        new Duration[] {
          Duration.ZERO, Duration.ofMillis(-1), Duration.ofMinutes(10).plusNanos(1)
        }) {
      assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).timeout(bad).build())
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout must be positive and at most 10 minutes, was " + bad);
      assertThatThrownBy(() -> HandoffConfig.builder(CREDENTIALS).connectTimeout(bad).build())
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("connectTimeout must be positive and at most 10 minutes, was " + bad);
    }
  }

  @Test
  void nullsAreNamed() {
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(null))
        .withMessage("credentials == null");
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(CREDENTIALS).timeout(null))
        .withMessage("timeout == null");
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(CREDENTIALS).retryPolicy(null))
        .withMessage("retryPolicy == null");
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(CREDENTIALS).listener(null))
        .withMessage("listener == null");
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(CREDENTIALS).phloBaseUrl((String) null))
        .withMessage("phloBaseUrl == null");
    HandoffConfig config = HandoffConfig.of(CREDENTIALS);
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                new HandoffConfig(
                    CREDENTIALS,
                    config.phloBaseUrl(),
                    null,
                    config.connectTimeout(),
                    config.timeout(),
                    config.retryPolicy(),
                    config.listener(),
                    config.operationInterceptors(),
                    config.attemptInterceptors(),
                    config.executor(),
                    config.transport(),
                    null,
                    null,
                    null))
        .withMessage("voiceBaseUrl == null");
  }

  @Test
  void toBuilderKeepsEveryField() {
    TransferListener listener = new TransferListener() {};
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .phloBaseUrl("http://localhost:1")
            .voiceBaseUrl("http://localhost:2")
            .connectTimeout(Duration.ofSeconds(1))
            .timeout(Duration.ofSeconds(2))
            .retryPolicy(RetryPolicy.none())
            .listener(listener)
            .build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(HandoffConfig.of(CREDENTIALS).toString())
        .contains("authToken=****", "MAODU5ZTLKNDK2MTQ2MD", "https://phlorunner.plivo.com")
        .doesNotContain(TOKEN);
  }

  @Test
  void isLoopbackResolvesNothing() {
    assertThat(HandoffConfig.isLoopback("127.0.0.1")).isTrue();
    assertThat(HandoffConfig.isLoopback("::1")).isTrue();
    assertThat(HandoffConfig.isLoopback("[::1]")).isTrue();
    assertThat(HandoffConfig.isLoopback(null)).isFalse();
    assertThat(HandoffConfig.isLoopback("128.0.0.1")).isFalse();
    assertThat(HandoffConfig.isLoopback("localhost.")).isFalse();
  }

  @Test
  void interceptorsKeepTheirOrderAndSurviveToBuilder() {
    Interceptor first = Interceptor.Chain::proceed;
    Interceptor second = Interceptor.Chain::proceed;
    HandoffConfig config =
        HandoffConfig.builder(CREDENTIALS)
            .addOperationInterceptor(first)
            .addOperationInterceptor(second)
            .addAttemptInterceptor(second)
            .build();

    assertThat(config.operationInterceptors()).containsExactly(first, second);
    assertThat(config.attemptInterceptors()).containsExactly(second);
    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(HandoffConfig.of(CREDENTIALS).operationInterceptors()).isEmpty();
    assertThatThrownBy(() -> config.operationInterceptors().add(first))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullInterceptorsAreNamed() {
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(CREDENTIALS).addOperationInterceptor(null))
        .withMessage("interceptor == null");
    assertThatNullPointerException()
        .isThrownBy(() -> HandoffConfig.builder(CREDENTIALS).addAttemptInterceptor(null))
        .withMessage("interceptor == null");
    HandoffConfig config = HandoffConfig.of(CREDENTIALS);
    List<Interceptor> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                new HandoffConfig(
                    CREDENTIALS,
                    config.phloBaseUrl(),
                    config.voiceBaseUrl(),
                    config.connectTimeout(),
                    config.timeout(),
                    config.retryPolicy(),
                    config.listener(),
                    withNull,
                    config.attemptInterceptors(),
                    config.executor(),
                    config.transport(),
                    null,
                    null,
                    null))
        .withMessage("operationInterceptors[0] == null");
  }
}
