package dev.handoff.bench.sdk;

import com.plivo.api.PhloRestClient;
import com.plivo.api.PlivoClient;
import com.plivo.api.models.node.MultiPartyCallUpdateResponse;
import com.plivo.api.models.node.MultiPartyCallUpdater;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Plivo's Java SDK sending one warm transfer per {@link #call()}, as its documentation shows
 * ({@code MultiPartyCall.updater(phloId, nodeId).triggerSource(..).to(..).role("agent")
 * .warm_transfer().update()}), but to a loopback server.
 *
 * <p>The SDK cannot be pointed at another base URL: {@code PhloRestClient.BASE_URL} is a static
 * {@code https://phlorunner.plivo.com/v1/}, {@code Plivo.init(id, token, builder)} does not set the
 * PHLO client at all, and {@code MultiPartyCallUpdater} ignores a client passed to {@code
 * client(PlivoClient)} (it keeps its own field, read from the global {@code
 * Plivo.getPhloClient()}). So this class (1) builds a {@code PhloRestClient} with its own {@link
 * OkHttpClient.Builder} carrying an application interceptor that rewrites scheme, host and port to
 * the loopback server (path, headers and body untouched), and (2) overrides {@code client()} in an
 * anonymous {@code MultiPartyCallUpdater} to return it. Nothing else of the SDK is changed.
 *
 * <p>Uses only JDK types in its public signature so that the benchmark runner, which rides OkHttp
 * 5, can load it reflectively from this shaded jar (OkHttp 4, Retrofit 2, Kotlin, Okio and Jackson
 * are relocated under {@code dev.handoff.bench.sdk.shaded}). The same source is compiled a second
 * time by {@code bench/plivo-sdk-okhttp3} against what Maven resolves for a user of the SDK (OkHttp
 * 3.6), and relocated there to {@code dev.handoff.bench.sdk3.PlivoSdkClient}: so it compiles
 * against both OkHttp 3.6 and 4.12.
 */
public final class PlivoSdkClient implements Callable<String>, AutoCloseable {
  private final PlivoClient client;
  private final String phloId;
  private final String nodeId;
  private final String triggerSource;
  private final String to;

  /**
   * A client whose PHLO requests go to {@code baseUrl} (for example {@code http://127.0.0.1:4567}).
   */
  public PlivoSdkClient(
      String baseUrl,
      String authId,
      String authToken,
      String phloId,
      String nodeId,
      String triggerSource,
      String to) {
    // parse, not get: this source is also compiled against OkHttp 3.6 (bench/plivo-sdk-okhttp3),
    // which has no HttpUrl.get(String).
    HttpUrl target = java.util.Objects.requireNonNull(HttpUrl.parse(baseUrl), baseUrl);
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .url(
                                chain
                                    .request()
                                    .url()
                                    .newBuilder()
                                    .scheme(target.scheme())
                                    .host(target.host())
                                    .port(target.port())
                                    .build())
                            .build()));
    this.client = new PhloRestClient(authId, authToken, http).getClient();
    this.phloId = phloId;
    this.nodeId = nodeId;
    this.triggerSource = triggerSource;
    this.to = to;
  }

  /**
   * Sends one warm transfer and waits for the answer.
   *
   * @return Plivo's {@code api_id}
   * @throws Exception whatever the SDK throws (an {@code IOException}, {@code PlivoRestException})
   */
  @Override
  public String call() throws Exception {
    MultiPartyCallUpdater updater =
        new MultiPartyCallUpdater(phloId, nodeId) {
          @Override
          public PlivoClient client() {
            return client;
          }
        };
    // The override serves obtainCall() and handleResponse(); validate() reads the field that
    // client(PlivoClient) sets, so set that too.
    updater.client(client);
    MultiPartyCallUpdateResponse response =
        updater.triggerSource(triggerSource).to(to).role("agent").warm_transfer().update();
    return response.getApiId();
  }

  /** Nothing to release that the SDK lets us reach: its OkHttp client is private. */
  @Override
  public void close() {}
}
