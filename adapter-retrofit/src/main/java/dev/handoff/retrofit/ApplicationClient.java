package dev.handoff.retrofit;

import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The application's own OkHttp client that Handoff derives its client from ({@link
 * RetrofitHandoff#create(OkHttpClient, dev.handoff.HandoffConfig)}), or none: Handoff then builds
 * and owns one. A holder, since Dagger binds no null instance.
 */
final class ApplicationClient {
  static final ApplicationClient NONE = new ApplicationClient(null);

  final @Nullable OkHttpClient client;

  ApplicationClient(@Nullable OkHttpClient client) {
    this.client = client;
  }
}
