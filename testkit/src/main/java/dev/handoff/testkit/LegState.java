package dev.handoff.testkit;

import java.util.Objects;

/**
 * What one leg of a fake live Voice API call is doing, as {@link CallModel#aLeg} and {@link
 * CallModel#bLeg} report it: after a call transfer, {@link FakePlivoServer} with {@link
 * FakePlivoServer#followTransfers() follow-up} fetches the leg's new URL from the application and
 * runs the Plivo XML it answers as Plivo would. Immutable.
 *
 * @param kind what the leg does, for assertions
 * @param description the same in words, for messages and logs, e.g. {@code "in conference
 *     queue-7"}, {@code "dialling +14152225555, then bridged"}, {@code "hearing hold music"},
 *     {@code "hung up, the application answered invalid XML"}
 * @param fetches how many HTTP requests the fake made for the leg since its last transfer (retries
 *     and {@code Redirect}s included); 0 when not followed
 */
public record LegState(Kind kind, String description, int fetches) {

  /**
   * @throws NullPointerException if {@code kind} or {@code description} is null
   * @throws IllegalArgumentException if {@code fetches} is negative
   */
  public LegState {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(description, "description == null");
    if (fetches < 0) {
      throw new IllegalArgumentException("fetches must be >= 0, was " + fetches);
    }
  }

  /** What a leg does. */
  public enum Kind {
    /** No call transfer moved the leg: it goes on with what it did before. */
    NOT_MOVED,
    /**
     * A transfer moved the leg, and its URL was not fetched: the fake does not follow transfers
     * (the default; see {@link FakePlivoServer#followTransfers()}), or it is the in-memory fake.
     */
    MOVED,
    /** The fake is fetching the leg's XML (or retrying); {@link FakePlivoServer#awaitLegs}. */
    FETCHING,
    /** In a conference ({@code <Conference>}). */
    IN_CONFERENCE,
    /** In a Voice API multi-party call ({@code <MultiPartyCall>}). */
    IN_MULTI_PARTY_CALL,
    /** Bridged to a number or SIP user it dialled ({@code <Dial>}); the fake's callee answers. */
    BRIDGED,
    /** Hearing audio that loops until the call ends ({@code <Play loop="0">}, hold music). */
    HEARING_AUDIO,
    /**
     * Hung up: by {@code <Hangup>}, at the end of the XML, or because the application's URL failed
     * (an error status, too slow, invalid XML) after Plivo's retries; {@link #description} says
     * which.
     */
    HUNG_UP
  }

  /** {@code kind: description}. */
  @Override
  public String toString() {
    return description;
  }
}
