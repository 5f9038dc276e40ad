package dev.handoff;

import dev.handoff.internal.Checks;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "At most {@code permits} requests in any window of {@code window}": the strict reading of an
 * account's API rate limit, which a {@link RateBudget} enforces across every instance sharing it.
 * Plivo's is {@link #PLIVO} (300 requests per 5 seconds).
 *
 * @param permits how many requests any window may hold; 1 to 1,000,000
 * @param window the window's length; 1 ms to 1 hour
 */
public record RateLimit(int permits, Duration window) {

  /** Plivo's account limit: 300 requests per 5 seconds. */
  public static final RateLimit PLIVO = new RateLimit(300, Duration.ofSeconds(5));

  private static final Pattern FORM = Pattern.compile("([0-9]{1,7})/([0-9]{1,7})(ms|s|m|h)?");

  /**
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code window} is null
   */
  public RateLimit {
    Checks.notNull(window, "window");
    if (permits < 1 || permits > 1_000_000) {
      throw new IllegalArgumentException("permits must be 1-1000000, was " + permits);
    }
    if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("window must be 1 ms to 1 hour, was " + window);
    }
  }

  /**
   * Parses {@code N/DURATION}: {@code 300/5s}, {@code 60/1s}, {@code 4/3s}, {@code 10/500ms},
   * {@code 1000/1m}, {@code 5000/1h} (seconds when the unit is left out).
   *
   * @throws IllegalArgumentException if {@code text} has another form, or a value is out of range
   */
  public static RateLimit parse(String text) {
    Checks.notNull(text, "text");
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a rate limit must read N/DURATION, such as 300/5s or 10/500ms, was "
              + Checks.quote(text));
    }
    int permits = Integer.parseInt(m.group(1));
    long amount = Long.parseLong(m.group(2));
    String unit = m.group(3) == null ? "s" : m.group(3);
    Duration window =
        switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofSeconds(amount);
        };
    return new RateLimit(permits, window);
  }

  /** {@code N/DURATION}, as {@link #parse} reads it, for example {@code 300/5000ms}. */
  @Override
  public String toString() {
    return permits + "/" + window.toMillis() + "ms";
  }
}
