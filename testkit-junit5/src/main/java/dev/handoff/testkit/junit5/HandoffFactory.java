package dev.handoff.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@code @HandoffTest(SERVER)} class that builds the {@code Handoff} the
 * extension injects: it takes the {@code HandoffConfig} that reaches the server (after every {@link
 * HandoffConfigurer}) and returns a {@code Handoff} over the transport under test, which the
 * extension closes after the test. It may be static or not, abstract in a base class and
 * implemented by each subclass (annotated again or not), of any visibility; one per test class.
 *
 * <pre>{@code
 * @HandoffTest(HandoffTest.Fake.SERVER)
 * abstract class TransferDeskHttpTest {
 *   @HandoffFactory
 *   abstract Handoff handoff(HandoffConfig config);
 *
 *   @Test
 *   void consults(Handoff handoff, FakePlivoServer plivo) { ... }
 * }
 *
 * class TransferDeskRetrofitTest extends TransferDeskHttpTest {
 *   Handoff handoff(HandoffConfig config) { return RetrofitHandoff.create(config); }
 * }
 * }</pre>
 *
 * <p>The testkit depends on no transport, hence the factory. In memory ({@link
 * HandoffTest.Fake#IN_MEMORY}) the injected {@code Handoff} always runs on the in-memory fake, and
 * a factory is not called.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandoffFactory {}
