package dev.handoff.model;

import dev.handoff.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Moves the legs of a live Voice API call to new Plivo XML: {@code POST
 * /v1/Account/{auth_id}/Call/{call_uuid}/} (trailing slash included) with {@code legs}, {@code
 * aleg_url}, {@code aleg_method}, {@code bleg_url}, {@code bleg_method} and, when set, {@code
 * callback_url} / {@code callback_method} (Plivo's "Transfer a call" document). Plivo answers 202.
 *
 * <pre>{@code
 * handoff.transferCall(new CallTransfer(CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b"),
 *     Legs.aLeg(WebhookUrl.of("https://example.com/hold.xml"))));
 * }</pre>
 *
 * <p>Plivo hangs a call up after its 70th transfer ("Loop detected"). Immutable and thread-safe.
 *
 * @param callUuid the live call
 * @param legs which legs move, and where
 * @param callback where Plivo reports the outcome in its asynchronous-request mode, or null
 */
public record CallTransfer(CallUuid callUuid, Legs legs, @Nullable WebhookUrl callback)
    implements PlivoRequest {

  /**
   * @throws NullPointerException if {@code callUuid} or {@code legs} is null
   */
  public CallTransfer {
    Checks.notNull(callUuid, "callUuid");
    Checks.notNull(legs, "legs");
  }

  /**
   * A transfer without an asynchronous-request callback.
   *
   * @throws NullPointerException if {@code callUuid} or {@code legs} is null
   */
  public CallTransfer(CallUuid callUuid, Legs legs) {
    this(callUuid, legs, null);
  }

  @Override
  public String operation() {
    return "call_transfer";
  }

  /** {@code "call transfer"}. */
  @Override
  public String displayName() {
    return "call transfer";
  }
}
