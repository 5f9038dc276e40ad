/**
 * Test support for applications and transports that use Handoff: {@link
 * dev.handoff.testkit.FakePlivoServer}, a real loopback HTTP server that speaks Plivo's PHLO and
 * Voice API wire protocol, and the answers it can be told to give instead ({@link
 * dev.handoff.testkit.ScriptedAnswer}).
 */
@NullMarked
package dev.handoff.testkit;

import org.jspecify.annotations.NullMarked;
