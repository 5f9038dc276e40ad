package dev.handoff.retrofit;

import okhttp3.Call;
import okhttp3.EventListener;

/**
 * How far one attempt's request got: whether OkHttp may have written a byte of it. Travels on the
 * request as a Retrofit {@code @Tag} and is OkHttp's {@link EventListener} for that call (see
 * {@link #factory()}).
 *
 * <p>Until {@link #requestHeadersStart} nothing of the request was written, so a failure before it
 * certainly did not reach Plivo and may be retried; from then on Plivo may have performed it.
 */
final class RequestProgress extends EventListener {
  private volatile boolean mayHaveLeft;

  /** Whether OkHttp started writing the request (so Plivo may have performed it). */
  boolean requestMayHaveLeft() {
    return mayHaveLeft;
  }

  @Override
  public void requestHeadersStart(Call call) {
    mayHaveLeft = true;
  }

  /**
   * The client's listener factory: each call's {@link RequestProgress} tag, or {@link
   * EventListener#NONE} for a call without one.
   */
  static EventListener.Factory factory() {
    return call -> {
      RequestProgress progress = call.request().tag(RequestProgress.class);
      return progress != null ? progress : EventListener.NONE;
    };
  }
}
