import { c, defineConfig } from '@garrison/kit';

/** Every duration and limit of SPEC 3.4 is configuration; tests shorten them here, never by hooks. */
export const config = defineConfig({
  challengeTtlSeconds: c.int({
    env: 'MATCHMAKING_CHALLENGE_TTL_S',
    default: 24 * 60 * 60,
    min: 1,
    doc: 'a pending challenge expires this long after it was sent',
  }),
  challengesPerHour: c.int({
    env: 'MATCHMAKING_CHALLENGES_PER_HOUR',
    default: 10,
    min: 1,
    doc: 'challenges one user may send in any rolling hour (more → 429)',
  }),
  pairingIntervalMs: c.int({
    env: 'MATCHMAKING_PAIRING_INTERVAL_MS',
    default: 1_000,
    min: 50,
    doc: 'how often the auto-search queue is paired (one instance at a time, advisory lock)',
  }),
  windowBase: c.int({
    env: 'MATCHMAKING_WINDOW_BASE',
    default: 100,
    min: 0,
    doc: 'rating difference two fresh searchers accept',
  }),
  windowStep: c.int({
    env: 'MATCHMAKING_WINDOW_STEP',
    default: 50,
    min: 0,
    doc: 'the accepted rating difference grows by this much per MATCHMAKING_WINDOW_STEP_S of waiting',
  }),
  windowStepSeconds: c.int({
    env: 'MATCHMAKING_WINDOW_STEP_S',
    default: 10,
    min: 1,
    doc: 'waiting time per window step',
  }),
  rematchAfterSeconds: c.int({
    env: 'MATCHMAKING_REMATCH_AFTER_S',
    default: 60,
    min: 0,
    doc: 'two players whose previous matchmaking battle was against each other are paired again only once both waited this long',
  }),
  defaultConservativeRating: c.int({
    env: 'MATCHMAKING_DEFAULT_RATING',
    default: 800,
    doc: 'conservative rating of a player ratings never told us about (1500 − 2·350)',
  }),
  battleTimeoutMs: c.int({
    env: 'MATCHMAKING_BATTLE_TIMEOUT_MS',
    default: 5_000,
    min: 100,
    doc: 'deadline of one CreateBattle call to the battles service',
  }),
});

export type MatchmakingConfig = typeof config;
