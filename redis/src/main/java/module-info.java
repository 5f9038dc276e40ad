/**
 * Handoff over Redis: a {@link dev.handoff.RateBudget} and an {@link dev.handoff.IdempotencyStore}
 * shared by a fleet of Handoff instances, through Lettuce's non-blocking client ({@code
 * dev.handoff.redis.RedisCoordination}). See {@code docs/fleet.md}.
 */
module dev.handoff.redis {
  requires transitive dev.handoff;
  requires lettuce.core;
  requires static dev.handoff.callbacks;

  exports dev.handoff.redis;
}
