/**
 * Handoff over Retrofit 3, OkHttp 5 and Moshi: {@link dev.handoff.retrofit.RetrofitHandoff} is the
 * factory, and {@link dev.handoff.retrofit.RetrofitTransportProvider} makes the transport
 * discoverable by {@link dev.handoff.Handoff#create(dev.handoff.HandoffConfig)}. Everything else
 * (the one generic Retrofit service, the {@code CallControl} implementation and the Dagger graph
 * that wires them) is package-private.
 *
 * <pre>{@code
 * Handoff handoff = RetrofitHandoff.create(HandoffConfig.of(Credentials.fromEnvironment()));
 * }</pre>
 */
@NullMarked
package dev.handoff.retrofit;

import org.jspecify.annotations.NullMarked;
