package dev.handoff.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * On a {@code @SpringBootTest} class: points the application's {@code Handoff} bean at the
 * testkit's {@link dev.handoff.testkit.FakePlivoServer} (loopback HTTP, the real transport and
 * wire), started for the test's context and stopped with it. The server and its {@link
 * dev.handoff.testkit.CallModel} are beans, to seed calls and inspect what was sent:
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureHandoffFake
 * class TransferTest {
 *   @Autowired FakePlivoServer plivo;
 * }
 * }</pre>
 *
 * <p>The fake checks the configured credentials ({@code handoff.auth-id}/{@code
 * handoff.auth-token}, or {@code PLIVO_AUTH_ID}/{@code PLIVO_AUTH_TOKEN}); when there are none, it
 * uses {@link HandoffFakeAutoConfiguration#TEST_CREDENTIALS}, so a test needs no secret. Needs
 * handoff-testkit on the test class path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(HandoffFakeAutoConfiguration.class)
public @interface AutoConfigureHandoffFake {}
