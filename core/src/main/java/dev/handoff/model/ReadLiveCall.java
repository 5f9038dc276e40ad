package dev.handoff.model;

import dev.handoff.internal.Checks;

/**
 * Reads a live Voice API call: {@code GET /v1/Account/{auth_id}/Call/{call_uuid}/?status=live}
 * (Plivo's "Retrieve a live call" document). Plivo answers 200 with the call, or 404 when the call
 * is not live (never was, or has ended). The way to find out what a transfer whose outcome is
 * unknown did: read the call and look at its state.
 *
 * <pre>{@code
 * LiveCall call = handoff.readLiveCall(new ReadLiveCall(CallUuid.of("55309cee-821d-11e4-9a73-498d468c930b")));
 * }</pre>
 *
 * <p>A read: Handoff retries it on transport failures and 5xx answers within the deadline.
 * Immutable and thread-safe.
 *
 * @param callUuid the call to read
 */
public record ReadLiveCall(CallUuid callUuid) implements PlivoRequest {
  /**
   * @throws NullPointerException if {@code callUuid} is null
   */
  public ReadLiveCall {
    Checks.notNull(callUuid, "callUuid");
  }

  /** {@code "read_live_call"}. */
  @Override
  public String operation() {
    return "read_live_call";
  }

  /** {@code "read live call"}. */
  @Override
  public String displayName() {
    return "read live call";
  }

  /** Always true. */
  @Override
  public boolean isRead() {
    return true;
  }
}
