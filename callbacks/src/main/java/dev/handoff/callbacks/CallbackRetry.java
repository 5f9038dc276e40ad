package dev.handoff.callbacks;

import dev.handoff.model.WebhookUrl;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How Plivo retries a callback that gets no 200, set per URL by a fragment Plivo reads from it:
 * {@code https://example.com/hold.xml#ct=2000&rt=40000}. Only the settings given are written;
 * Plivo's defaults apply to the others (in brackets below). Ranges are Plivo's ("Callback retry" in
 * its Voice API documents). Whether Plivo signs the fragment is not documented; V3 signatures are
 * computed without it, which is how {@link SignatureVerifier} checks them. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * WebhookUrl hold = CallbackRetry.builder().connectTimeout(Duration.ofSeconds(2)).retryCount(3)
 *     .build().applyTo(WebhookUrl.of("https://example.com/hold.xml"));
 * // https://example.com/hold.xml#ct=2000&rc=3, accepted by CallTransfer's aleg_url
 * }</pre>
 */
public final class CallbackRetry {
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

  private final String fragment;

  private CallbackRetry(String fragment) {
    this.fragment = fragment;
  }

  /** A builder with nothing set (an empty fragment). */
  public static Builder builder() {
    return new Builder();
  }

  /** The fragment without {@code #}: {@code ct=2000&rt=40000}; empty when nothing was set. */
  public String fragment() {
    return fragment;
  }

  /**
   * {@code url} with this fragment appended ({@code url} unchanged when it is empty).
   *
   * @throws NullPointerException if {@code url} is null
   * @throws IllegalArgumentException if {@code url} has a fragment already
   */
  public String appendTo(String url) {
    Objects.requireNonNull(url, "url");
    if (url.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "url must not have a fragment already: Plivo reads its retry settings from it");
    }
    return fragment.isEmpty() ? url : url + "#" + fragment;
  }

  /**
   * {@code url} with this fragment, same method: for {@code CallTransfer}'s {@code aleg_url} /
   * {@code bleg_url}, which send the URL with its fragment.
   *
   * @throws NullPointerException if {@code url} is null
   * @throws IllegalArgumentException if {@code url} has a fragment already, or the result breaks
   *     {@link WebhookUrl}'s rules (more than 2,048 characters)
   */
  public WebhookUrl applyTo(WebhookUrl url) {
    Objects.requireNonNull(url, "url");
    return WebhookUrl.of(appendTo(url.uri().toString()), url.method());
  }

  /** The fragment, {@code #ct=2000&rt=40000}. */
  @Override
  public String toString() {
    return "#" + fragment;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CallbackRetry && ((CallbackRetry) other).fragment.equals(fragment);
  }

  @Override
  public int hashCode() {
    return fragment.hashCode();
  }

  /** Which failures Plivo retries ({@code rp}; default {@code ct,rt}). */
  public enum RetryOn {
    /** {@code 4xx}: an HTTP 4xx answer. */
    CLIENT_ERROR("4xx"),
    /** {@code 5xx}: an HTTP 5xx answer. */
    SERVER_ERROR("5xx"),
    /** {@code ct}: the connect timeout. */
    CONNECT_TIMEOUT("ct"),
    /** {@code rt}: the read timeout. */
    READ_TIMEOUT("rt"),
    /** {@code all}: every failure. */
    ALL("all");

    private final String wire;

    RetryOn(String wire) {
      this.wire = wire;
    }

    /** The value written: {@code 4xx}, {@code 5xx}, {@code ct}, {@code rt} or {@code all}. */
    public String wire() {
      return wire;
    }
  }

  /** Builds a {@link CallbackRetry}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Long connect;
    private @Nullable Long read;
    private @Nullable Long total;
    private @Nullable Integer count;
    private @Nullable Set<RetryOn> on;
    private @Nullable String region;

    private Builder() {}

    /** {@code ct}: the connect timeout, whole milliseconds, 100-10,000 ms (2,000). */
    public Builder connectTimeout(Duration timeout) {
      connect = millis("ct (connectTimeout)", timeout, 10_000);
      return this;
    }

    /** {@code rt}: the read timeout, whole milliseconds, 100-40,000 ms (40,000). */
    public Builder readTimeout(Duration timeout) {
      read = millis("rt (readTimeout)", timeout, 40_000);
      return this;
    }

    /** {@code tt}: the total time for all attempts, whole milliseconds, 100-55,000 ms (55,000). */
    public Builder totalTimeout(Duration timeout) {
      total = millis("tt (totalTimeout)", timeout, 55_000);
      return this;
    }

    /** {@code rc}: how many retries, 0-5 (1). */
    public Builder retryCount(int retries) {
      if (retries < 0 || retries > 5) {
        throw new IllegalArgumentException("rc (retryCount) must be 0-5, was " + retries);
      }
      count = retries;
      return this;
    }

    /**
     * {@code rp}: the failures to retry, one or more ({@code ct,rt}).
     *
     * @throws IllegalArgumentException if none is given, or {@code ALL} with others
     */
    public Builder retryOn(RetryOn first, RetryOn... more) {
      EnumSet<RetryOn> set = EnumSet.of(Objects.requireNonNull(first, "retryOn"), more);
      if (set.contains(RetryOn.ALL) && set.size() > 1) {
        throw new IllegalArgumentException("rp (retryOn) must be ALL alone or a list without ALL");
      }
      on = set;
      return this;
    }

    /** {@code er}: the edge region Plivo calls from, such as {@code nearest} (nearest). */
    public Builder edgeRegion(String edgeRegion) {
      if (edgeRegion == null || !REGION.matcher(edgeRegion).matches()) {
        throw new IllegalArgumentException(
            "er (edgeRegion) must be 1-32 lower-case letters, digits or -, such as nearest");
      }
      region = edgeRegion;
      return this;
    }

    /** The settings. */
    public CallbackRetry build() {
      StringJoiner fragment = new StringJoiner("&");
      if (connect != null) {
        fragment.add("ct=" + connect);
      }
      if (read != null) {
        fragment.add("rt=" + read);
      }
      if (total != null) {
        fragment.add("tt=" + total);
      }
      if (count != null) {
        fragment.add("rc=" + count);
      }
      if (on != null) {
        StringJoiner values = new StringJoiner(",");
        on.forEach(value -> values.add(value.wire()));
        fragment.add("rp=" + values);
      }
      if (region != null) {
        fragment.add("er=" + region);
      }
      return new CallbackRetry(fragment.toString());
    }

    private static long millis(String field, Duration timeout, long max) {
      Objects.requireNonNull(timeout, field);
      long millis;
      try {
        millis = timeout.toMillis();
      } catch (ArithmeticException e) {
        millis = Long.MAX_VALUE;
      }
      if (!Duration.ofMillis(millis).equals(timeout) || millis < 100 || millis > max) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s must be whole milliseconds, 100-%,d ms, was %s",
                field,
                max,
                timeout));
      }
      return millis;
    }
  }
}
