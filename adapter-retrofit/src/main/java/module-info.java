/**
 * Handoff over Retrofit 3, OkHttp 5 and Moshi. Exports only {@code dev.handoff.retrofit}, whose
 * factory, {@code RetrofitHandoff}, returns core types and takes an application's {@code
 * OkHttpClient}: hence {@code requires transitive} of {@code dev.handoff} and {@code okhttp3}.
 * Retrofit, Okio, Moshi and Dagger stay implementation details.
 */
module dev.handoff.retrofit {
  requires transitive dev.handoff;
  requires retrofit2;
  // RetrofitHandoff.create(OkHttpClient, HandoffConfig) takes the application's client.
  requires transitive okhttp3;
  requires okio;
  requires com.squareup.moshi;
  requires dagger;
  requires jakarta.inject;
  requires static java.compiler;

  exports dev.handoff.retrofit;

  // Handoff.create(HandoffConfig) finds the transport through it.
  provides dev.handoff.spi.TransportProvider with
      dev.handoff.retrofit.RetrofitTransportProvider;
}
