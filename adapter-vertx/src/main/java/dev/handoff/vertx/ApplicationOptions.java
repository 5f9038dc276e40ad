package dev.handoff.vertx;

import io.vertx.core.http.HttpClientOptions;
import org.jspecify.annotations.Nullable;

/**
 * The application's own client options that Handoff copies ({@link VertxHandoff#create(
 * io.vertx.core.Vertx, HttpClientOptions, dev.handoff.HandoffConfig)}), or none: Handoff's own
 * then. A holder, since Dagger binds no null instance.
 */
final class ApplicationOptions {
  static final ApplicationOptions NONE = new ApplicationOptions(null);

  final @Nullable HttpClientOptions options;

  ApplicationOptions(@Nullable HttpClientOptions options) {
    // A copy now: the application may go on changing its own.
    this.options = options == null ? null : new HttpClientOptions(options);
  }
}
