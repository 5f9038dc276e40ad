package dev.handoff.redis;

import java.util.concurrent.CompletionException;

/**
 * Redis failed, could not be reached, or did not answer within the command timeout. Its message
 * names the URL with the password masked and what failed; it keeps no cause, since a client's
 * exception may quote what it was given.
 */
public final class RedisUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RedisUnavailableException(String maskedUrl, Throwable failure) {
    super("Redis at " + maskedUrl + " failed: " + describe(failure), null, false, false);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    String text =
        cause.getClass().getSimpleName()
            + (message == null ? "" : ": " + RedisCoordination.mask(message));
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}
