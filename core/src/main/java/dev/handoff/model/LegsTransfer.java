package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Which legs of a live call a {@link CallTransfer} moves, each with the URL of its new Plivo XML.
 * Only the three valid shapes can be built: the A leg with an A-leg URL, the B leg with a B-leg
 * URL, or both with both.
 *
 * <pre>{@code
 * LegsTransfer.both(WebhookUrl.of("https://example.com/a.xml", UrlMethod.GET),
 *                   WebhookUrl.of("https://example.com/b.xml", UrlMethod.GET));
 * }</pre>
 */
public sealed interface LegsTransfer {

  /** Moves the A leg (the call itself) to {@code url}: {@code legs=aleg}. */
  static LegsTransfer aLeg(WebhookUrl url) {
    return new ALeg(url);
  }

  /** Moves the B leg (the party the call is bridged to) to {@code url}: {@code legs=bleg}. */
  static LegsTransfer bLeg(WebhookUrl url) {
    return new BLeg(url);
  }

  /** Moves both legs: {@code legs=both}. */
  static LegsTransfer both(WebhookUrl aLegUrl, WebhookUrl bLegUrl) {
    return new Both(aLegUrl, bLegUrl);
  }

  /** The {@code legs} value on the wire: {@code "aleg"}, {@code "bleg"} or {@code "both"}. */
  String wireValue();

  /** The A leg's new XML URL, or null when the A leg stays. */
  @Nullable WebhookUrl aLegUrl();

  /** The B leg's new XML URL, or null when the B leg stays. */
  @Nullable WebhookUrl bLegUrl();

  /**
   * The A leg moves.
   *
   * @param url the A leg's new XML URL
   */
  record ALeg(WebhookUrl url) implements LegsTransfer {
    /**
     * @throws NullPointerException if {@code url} is null
     */
    public ALeg {
      Checks.notNull(url, "aLegUrl");
    }

    @Override
    public String wireValue() {
      return "aleg";
    }

    @Override
    public WebhookUrl aLegUrl() {
      return url;
    }

    @Override
    public @Nullable WebhookUrl bLegUrl() {
      return null;
    }
  }

  /**
   * The B leg moves.
   *
   * @param url the B leg's new XML URL
   */
  record BLeg(WebhookUrl url) implements LegsTransfer {
    /**
     * @throws NullPointerException if {@code url} is null
     */
    public BLeg {
      Checks.notNull(url, "bLegUrl");
    }

    @Override
    public String wireValue() {
      return "bleg";
    }

    @Override
    public @Nullable WebhookUrl aLegUrl() {
      return null;
    }

    @Override
    public WebhookUrl bLegUrl() {
      return url;
    }
  }

  /**
   * Both legs move.
   *
   * @param aLegUrl the A leg's new XML URL
   * @param bLegUrl the B leg's new XML URL
   */
  record Both(WebhookUrl aLegUrl, WebhookUrl bLegUrl) implements LegsTransfer {
    /**
     * @throws NullPointerException naming a null URL
     */
    public Both {
      Checks.notNull(aLegUrl, "aLegUrl");
      Checks.notNull(bLegUrl, "bLegUrl");
    }

    @Override
    public String wireValue() {
      return "both";
    }
  }
}
