/**
 * Test support for applications: {@link dev.handoff.spring.boot.test.AutoConfigureHandoffFake}
 * swaps Plivo for the testkit's fake server. Needs handoff-testkit (an optional dependency of the
 * starter) on the test class path.
 */
@NullMarked
package dev.handoff.spring.boot.test;

import org.jspecify.annotations.NullMarked;
