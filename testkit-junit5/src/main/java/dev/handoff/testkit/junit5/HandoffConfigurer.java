package dev.handoff.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link HandoffTest} class that configures the {@code HandoffConfig} the
 * extension injects, and the {@code Handoff} built from it: timeout, retry policy, listener,
 * interceptors, executor. The method takes one {@code HandoffConfig.Builder}, already holding the
 * test credentials and the base URLs that reach the fake, and returns {@code void}; it may be
 * static or not, and of any visibility.
 *
 * <pre>{@code
 * @HandoffTest
 * class TransferDeskTest {
 *   @HandoffConfigurer
 *   void configure(HandoffConfig.Builder config) {
 *     config.timeout(Duration.ofSeconds(2)).retryPolicy(RetryPolicy.none()).listener(events);
 *   }
 * }
 * }</pre>
 *
 * <p>Configurers are found on the test class, its superclasses and its interfaces, and on the
 * classes that enclose a {@code @Nested} one; all of them run, once per test, the outermost and
 * most general first, so a subclass's configurer has the last word. A method overridden in a
 * subclass runs once (the override, annotated or not). Changing the base URLs or the credentials
 * makes the configuration miss the fake.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandoffConfigurer {}
