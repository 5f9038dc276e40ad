package dev.handoff.retrofit;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.NetworkContract;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** Proxies and trust over the Retrofit transport, and over an application's OkHttp client. */
class RetrofitNetworkContractTest extends NetworkContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return RetrofitHandoff.create(config);
  }

  @Override
  protected Handoff createHandoffOverApplicationClient(
      HandoffConfig config, KeyStore trusted, Runnable onRequest) {
    X509TrustManager trustManager = trustManager(trusted);
    OkHttpClient application =
        new OkHttpClient.Builder()
            .sslSocketFactory(trusting(trusted).getSocketFactory(), trustManager)
            .addInterceptor(
                chain -> {
                  onRequest.run();
                  return chain.proceed(chain.request());
                })
            .build();
    return RetrofitHandoff.create(application, config);
  }

  private static X509TrustManager trustManager(KeyStore trusted) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
