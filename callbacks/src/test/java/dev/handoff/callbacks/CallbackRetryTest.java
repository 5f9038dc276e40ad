package dev.handoff.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.model.UrlMethod;
import dev.handoff.model.WebhookUrl;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallbackRetryTest {
  @Test
  void everySettingIsWrittenInPlivosOrderAndWebhookUrlKeepsIt() {
    CallbackRetry retry =
        CallbackRetry.builder()
            .edgeRegion("nearest")
            .retryOn(CallbackRetry.RetryOn.SERVER_ERROR, CallbackRetry.RetryOn.CONNECT_TIMEOUT)
            .retryCount(3)
            .totalTimeout(Duration.ofSeconds(55))
            .readTimeout(Duration.ofMillis(100))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    assertThat(retry.fragment()).isEqualTo("ct=2000&rt=100&tt=55000&rc=3&rp=5xx,ct&er=nearest");
    WebhookUrl url =
        retry.applyTo(WebhookUrl.of("https://example.com:8443/hold.xml?q=1", UrlMethod.GET));
    assertThat(url.uri().toString())
        .isEqualTo(
            "https://example.com:8443/hold.xml?q=1#ct=2000&rt=100&tt=55000&rc=3&rp=5xx,ct&er=nearest");
    assertThat(url.method()).isEqualTo(UrlMethod.GET);
    assertThat(CallbackRetry.builder().build().appendTo("https://e.com/x"))
        .isEqualTo("https://e.com/x");
  }

  @Test
  void rangesAreChecked() {
    assertThatThrownBy(() -> CallbackRetry.builder().connectTimeout(Duration.ofMillis(99)))
        .hasMessage("ct (connectTimeout) must be whole milliseconds, 100-10,000 ms, was PT0.099S");
    assertThatThrownBy(() -> CallbackRetry.builder().connectTimeout(Duration.ofMillis(10_001)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallbackRetry.builder().readTimeout(Duration.ofMillis(40_001)))
        .hasMessageStartingWith("rt (readTimeout) must be");
    assertThatThrownBy(() -> CallbackRetry.builder().totalTimeout(Duration.ofNanos(100_000_001)))
        .hasMessageStartingWith("tt (totalTimeout) must be whole milliseconds");
    assertThatThrownBy(() -> CallbackRetry.builder().retryCount(6))
        .hasMessage("rc (retryCount) must be 0-5, was 6");
    assertThatThrownBy(
            () ->
                CallbackRetry.builder()
                    .retryOn(CallbackRetry.RetryOn.ALL, CallbackRetry.RetryOn.CONNECT_TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallbackRetry.builder().edgeRegion("Asia Pacific"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> CallbackRetry.builder().retryCount(1).build().appendTo("https://e.com/x#y"))
        .hasMessageStartingWith("url must not have a fragment already");
  }
}
