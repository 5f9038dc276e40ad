/**
 * Test support for applications and transports that use Handoff: {@link
 * dev.handoff.testkit.FakePlivoServer}, a real loopback HTTP server that speaks Plivo's PHLO and
 * Voice API wire protocol, and the answers it can be told to give instead ({@link
 * dev.handoff.testkit.ScriptedAnswer}).
 *
 * <pre>{@code
 * try (FakePlivoServer plivo = FakePlivoServer.start(credentials)) {
 *   plivo.addNode(phloId, nodeId, Endpoint.of("+14152223333"), Endpoint.of("+14152224444"));
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
