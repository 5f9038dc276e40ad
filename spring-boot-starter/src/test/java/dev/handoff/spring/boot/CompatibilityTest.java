package dev.handoff.spring.boot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * This class path is an application's on Boot 4 with the starter, the Retrofit and the JDK
 * transports and every optional piece (Micrometer, callbacks, Redis, testkit): none of them brings
 * Jackson 2, whose core and databind would sit beside Boot 4's Jackson 3. (jackson-annotations 2.x
 * is Jackson 3's own dependency.)
 */
class CompatibilityTest {

  @Test
  void noJackson2CoreOrDatabind() {
    assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.core.JsonFactory"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
