/**
 * Handoff's Spring Boot 4 starter: auto-configuration of a {@code Handoff} bean from {@code
 * handoff.*} properties ({@code dev.handoff.spring.boot}) and {@code @AutoConfigureHandoffFake} for
 * tests ({@code dev.handoff.spring.boot.test}). Micrometer, handoff-callbacks, handoff-redis (and
 * Lettuce), Spring Boot's health and the testkit are optional ({@code requires static}): each is
 * wired only when the application has it. Spring reads the configuration classes reflectively,
 * hence the {@code opens}.
 */
module dev.handoff.spring.boot {
  requires transitive dev.handoff;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires transitive spring.context;
  requires transitive spring.core;
  requires spring.beans;
  requires static spring.boot.health;
  requires static dev.handoff.micrometer;
  requires static micrometer.observation;
  requires static micrometer.core;
  requires static dev.handoff.callbacks;
  requires static dev.handoff.testkit;
  requires static dev.handoff.redis;
  requires static lettuce.core;
  requires static org.jspecify;

  exports dev.handoff.spring.boot;
  exports dev.handoff.spring.boot.test;

  opens dev.handoff.spring.boot to
      spring.core,
      spring.beans,
      spring.context;
  opens dev.handoff.spring.boot.test to
      spring.core,
      spring.beans,
      spring.context;
}
