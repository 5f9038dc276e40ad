/**
 * Handoff over Retrofit 3, OkHttp 5 and Moshi. Exports only {@code dev.handoff.retrofit}, whose
 * factory, {@code RetrofitHandoff}, returns core types: hence {@code requires transitive
 * dev.handoff}. Retrofit, OkHttp, Okio, Moshi and Dagger stay implementation details.
 */
module dev.handoff.retrofit {
  requires transitive dev.handoff;
  requires retrofit2;
  requires okhttp3;
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
