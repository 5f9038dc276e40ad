/**
 * {@link dev.handoff.testkit.junit5.HandoffTest}: a JUnit 5 extension that injects a fresh fake of
 * Plivo ({@code FakeCallControl} in memory, or {@code FakePlivoServer} over loopback HTTP), its
 * {@code CallModel} and a {@code Handoff} on it into each test. {@link
 * dev.handoff.testkit.junit5.HandoffConfigurer} methods configure them; a {@link
 * dev.handoff.testkit.junit5.HandoffFactory} builds the {@code Handoff} over a transport in server
 * mode.
 *
 * <pre>{@code
 * @HandoffTest
 * class TransferDeskTest {
 *   @Test
 *   void consults(Handoff handoff, FakeCallControl plivo, CallModel model) { ... }
 * }
 * }</pre>
 */
@NullMarked
package dev.handoff.testkit.junit5;

import org.jspecify.annotations.NullMarked;
