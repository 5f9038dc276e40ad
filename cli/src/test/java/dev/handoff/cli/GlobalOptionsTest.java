package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GlobalOptionsTest {
  @Test
  void aShortDeadlineGetsAConnectTimeoutThatLeavesRoomForTheRetries() {
    assertThat(GlobalOptions.connectTimeout(Duration.ofSeconds(6), null))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aLongDeadlineKeepsTheLibrarysDefault() {
    assertThat(GlobalOptions.connectTimeout(Duration.ofSeconds(20), null)).isNull();
    assertThat(GlobalOptions.connectTimeout(null, null)).isNull();
  }

  @Test
  void anExplicitConnectTimeoutWins() {
    assertThat(GlobalOptions.connectTimeout(Duration.ofSeconds(6), Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
  }
}
