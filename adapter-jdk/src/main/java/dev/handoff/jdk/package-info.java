/**
 * The JDK transport: {@link dev.handoff.jdk.JdkHandoff} creates a {@link dev.handoff.Handoff} that
 * talks to Plivo through {@code java.net.http.HttpClient}. Its only dependency is {@code
 * handoff-core}: no third-party library at run time, and, unlike the Retrofit and Vert.x
 * transports, no Dagger either (one object graph of two classes needs no injector). {@link
 * dev.handoff.jdk.JdkTransportProvider} makes it discoverable by {@link
 * dev.handoff.Handoff#create(dev.handoff.HandoffConfig)}. Everything else in this package is an
 * implementation detail.
 *
 * <pre>{@code
 * Handoff handoff = JdkHandoff.create(HandoffConfig.of(Credentials.fromEnvironment()));
 * }</pre>
 */
@NullMarked
package dev.handoff.jdk;

import org.jspecify.annotations.NullMarked;
