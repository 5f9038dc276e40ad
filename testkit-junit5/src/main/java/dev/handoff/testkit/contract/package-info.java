/**
 * The contract suites every transport passes: {@link dev.handoff.testkit.contract.WireContract}
 * (the exact request each operation puts on the wire) and {@link
 * dev.handoff.testkit.contract.BehaviourContract} (what each answer or failure of Plivo yields, in
 * blocking and asynchronous form). A transport's test extends each in a few lines; both run against
 * a {@link dev.handoff.testkit.FakePlivoServer} of their own; the behaviour contract also runs
 * against the in-memory {@link dev.handoff.testkit.FakeCallControl}. {@link
 * dev.handoff.testkit.contract.HostilePeerContract} plays a peer that breaks HTTP on purpose
 * (interim and stray answers, a silent TLS server, ambiguous headers and bodies) with raw bytes on
 * a loopback socket.
 */
@NullMarked
package dev.handoff.testkit.contract;

import org.jspecify.annotations.NullMarked;
