package dev.handoff.testkit;

import dev.handoff.model.WebhookUrl;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a fake live Voice API call, as {@link CallModel#legs} reports it: where its legs
 * were last moved by a call transfer. Immutable.
 *
 * @param aLegUrl the A leg's current XML URL and method, null until a transfer moved the A leg
 * @param bLegUrl the B leg's current XML URL and method, null until a transfer moved the B leg
 * @param transfers how many call transfers Plivo accepted for this call (the one that ended the
 *     call included)
 * @param ended whether the call has ended; later transfers are answered 404
 */
public record CallLegs(
    @Nullable WebhookUrl aLegUrl, @Nullable WebhookUrl bLegUrl, int transfers, boolean ended) {

  /**
   * @throws IllegalArgumentException if {@code transfers} is negative
   */
  public CallLegs {
    if (transfers < 0) {
      throw new IllegalArgumentException("transfers must be >= 0, was " + transfers);
    }
  }
}
