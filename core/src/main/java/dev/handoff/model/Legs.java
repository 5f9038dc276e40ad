package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which legs of a live call a {@link CallTransfer} moves, each with the URL of its new Plivo XML
 * (the {@code legs}, {@code aleg_url} and {@code bleg_url} fields of Plivo's "Transfer a call"
 * document). Only the three valid shapes can be built: the A leg with an A-leg URL, the B leg with
 * a B-leg URL, or both with both. Immutable and thread-safe.
 *
 * <pre>{@code
 * Legs.both(WebhookUrl.of("https://example.com/a.xml", UrlMethod.GET),
 *           WebhookUrl.of("https://example.com/b.xml", UrlMethod.GET));
 * }</pre>
 */
public final class Legs {
  private final String wireValue;
  private final @Nullable WebhookUrl aLegUrl;
  private final @Nullable WebhookUrl bLegUrl;

  private Legs(String wireValue, @Nullable WebhookUrl aLegUrl, @Nullable WebhookUrl bLegUrl) {
    this.wireValue = wireValue;
    this.aLegUrl = aLegUrl;
    this.bLegUrl = bLegUrl;
  }

  /**
   * Moves the A leg (the call itself) to {@code url}: {@code legs=aleg}.
   *
   * @throws NullPointerException if {@code url} is null
   */
  public static Legs aLeg(WebhookUrl url) {
    return new Legs("aleg", Checks.notNull(url, "aLegUrl"), null);
  }

  /**
   * Moves the B leg (the party the call is bridged to) to {@code url}: {@code legs=bleg}.
   *
   * @throws NullPointerException if {@code url} is null
   */
  public static Legs bLeg(WebhookUrl url) {
    return new Legs("bleg", null, Checks.notNull(url, "bLegUrl"));
  }

  /**
   * Moves both legs: {@code legs=both}.
   *
   * @throws NullPointerException naming a null URL
   */
  public static Legs both(WebhookUrl aLegUrl, WebhookUrl bLegUrl) {
    return new Legs("both", Checks.notNull(aLegUrl, "aLegUrl"), Checks.notNull(bLegUrl, "bLegUrl"));
  }

  /** The {@code legs} value on the wire: {@code "aleg"}, {@code "bleg"} or {@code "both"}. */
  public String wireValue() {
    return wireValue;
  }

  /** The A leg's new XML URL, or null when the A leg stays. */
  public @Nullable WebhookUrl aLegUrl() {
    return aLegUrl;
  }

  /** The B leg's new XML URL, or null when the B leg stays. */
  public @Nullable WebhookUrl bLegUrl() {
    return bLegUrl;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Legs legs
        && wireValue.equals(legs.wireValue)
        && Objects.equals(aLegUrl, legs.aLegUrl)
        && Objects.equals(bLegUrl, legs.bLegUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(wireValue, aLegUrl, bLegUrl);
  }

  /**
   * The {@code legs} value and the URLs that go with it, for example {@code Legs[aleg,
   * aleg_url=…]}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Legs[").append(wireValue);
    if (aLegUrl != null) {
      text.append(", aleg_url=").append(aLegUrl);
    }
    if (bLegUrl != null) {
      text.append(", bleg_url=").append(bLegUrl);
    }
    return text.append(']').toString();
  }
}
