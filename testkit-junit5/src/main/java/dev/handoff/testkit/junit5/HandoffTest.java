package dev.handoff.testkit.junit5;

import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakePlivoServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link HandoffExtension} on a test class or method: each test then gets a fresh fake
 * Plivo, and a {@code Handoff} wired to it, as parameters, torn down after the test.
 *
 * <pre>{@code
 * @HandoffTest
 * class TransferDeskTest {
 *   @Test
 *   void consults(Handoff handoff, CallModel model) { ... }
 * }
 *
 * @HandoffTest(HandoffTest.Fake.SERVER)
 * class MyHttpCodeTest {
 *   @Test
 *   void sends(FakePlivoServer plivo, HandoffConfig config) { ... }
 * }
 * }</pre>
 *
 * <p>An annotation on the method wins over one on its class. On a class it counts for its
 * subclasses ({@code @Inherited}) and on an interface for the classes that implement it, so one
 * abstract suite runs over every transport through a one-line subclass each (give the suite a
 * {@link HandoffFactory} for the {@code Handoff}); a {@code @Nested} class without one gets its
 * enclosing class's. {@link HandoffConfigurer} methods configure the injected configuration and
 * {@code Handoff}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(HandoffExtension.class)
public @interface HandoffTest {

  /** Which fake the test gets; {@link Fake#IN_MEMORY} by default. */
  Fake value() default Fake.IN_MEMORY;

  /** Which fake of Plivo a {@link HandoffTest} gets. */
  enum Fake {
    /**
     * A {@link FakeCallControl}: parameters {@code FakeCallControl}, {@code CallModel}, {@code
     * Handoff}, {@code HandoffConfig}, {@code FakeClock} (asked for on the test method, it drives
     * the fake's delayed answers), {@code PlivoFake}.
     */
    IN_MEMORY,
    /**
     * A {@link FakePlivoServer} on loopback: parameters {@code FakePlivoServer}, {@code CallModel},
     * {@code HandoffConfig} (pointing at the server), {@code PlivoFake}, and {@code Handoff} when
     * the test class has a {@link HandoffFactory} (the testkit depends on no transport: the factory
     * builds it from the config, e.g. {@code RetrofitHandoff.create(config)}).
     */
    SERVER
  }
}
