/**
 * Test support for applications and transports that use Handoff. Both fakes of Plivo run on one
 * {@link dev.handoff.testkit.CallModel}, which follows Plivo's rules and tells a test who is
 * talking with whom: {@link dev.handoff.testkit.FakeCallControl} in memory (a {@code Handoff} with
 * no network), {@link dev.handoff.testkit.FakePlivoServer} over loopback HTTP. {@link
 * dev.handoff.testkit.ScriptedResponse}s make either answer otherwise; {@code
 * dev.handoff.testkit.junit5.HandoffTest} (in {@code handoff-testkit-junit5}) injects a fresh fake
 * and a {@code Handoff} into each JUnit 5 test.
 *
 * <pre>{@code
 * try (FakePlivoServer plivo = FakePlivoServer.start(credentials)) {
 *   plivo.addNode(phloId, nodeId, Address.of("+14152223333"), Address.of("+14152224444"));
 *   HandoffConfig config = HandoffConfig.builder(credentials)
 *       .phloBaseUrl(plivo.baseUrl()).voiceBaseUrl(plivo.baseUrl()).build();
 *   try (Handoff handoff = RetrofitHandoff.create(config)) {
 *     handoff.warmTransfer(transfer);
 *   }
 *   assertThat(plivo.members(phloId, nodeId)).contains(transfer.to());
 * }
 * }</pre>
 */
@NullMarked
package dev.handoff.testkit;

import org.jspecify.annotations.NullMarked;
