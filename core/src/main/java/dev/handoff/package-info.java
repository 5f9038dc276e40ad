/**
 * What applications call: {@link dev.handoff.Handoff} (every operation, blocking and asynchronous),
 * its {@link dev.handoff.HandoffConfig}, the {@link dev.handoff.RetryPolicy} and the {@link
 * dev.handoff.TransferListener} that receives diagnostics.
 *
 * <pre>{@code
 * HandoffConfig config = HandoffConfig.of(Credentials.fromEnvironment());
 * try (Handoff handoff = RetrofitHandoff.create(config)) {
 *   handoff.coldTransfer(ColdTransfer.builder()
 *       .phloId(phloId).nodeId(nodeId)
 *       .triggerSource("+14152223333").to("+14152225555")
 *       .build());
 * }
 * }</pre>
 */
@NullMarked
package dev.handoff;

import org.jspecify.annotations.NullMarked;
