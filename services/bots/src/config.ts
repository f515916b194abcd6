import { c, defineConfig } from '@garrison/kit';

export const config = defineConfig({
  validationConcurrency: c.int({
    env: 'BOTS_VALIDATION_CONCURRENCY',
    default: 2,
    min: 1,
    max: 32,
    doc: 'uploads validated in the sandbox at once (each one is a worker thread); the rest wait their turn',
  }),
  validationTimeoutMs: c.int({
    env: 'BOTS_VALIDATION_TIMEOUT_MS',
    default: 6_000,
    min: 1_000,
    doc: "wall-clock bound of one validation (compile + smoke round); past it the upload answers 503 with Retry-After and nothing is stored (the bot's own cost is metered by the sandbox, so this only trips on a busy host). With BOTS_VALIDATION_WAIT_MS it keeps an upload inside the gateway timeout (10 s)",
  }),
  validationsPerUser: c.int({
    env: 'BOTS_VALIDATIONS_PER_USER',
    default: 2,
    min: 1,
    doc: "one user's uploads validated or waiting at once; past it 429 with Retry-After",
  }),
  validationWaitMs: c.int({
    env: 'BOTS_VALIDATION_WAIT_MS',
    default: 3_000,
    min: 0,
    doc: 'how long an upload may wait for a validation slot; past it 429 (behind your own) or 503 (every slot busy), with Retry-After',
  }),
  gateRetryAfterSeconds: c.int({
    env: 'BOTS_GATE_RETRY_AFTER_S',
    default: 60,
    min: 1,
    doc: 'a running gate whose duels are not all created this long after it started is asked for again (sweeper, every minute)',
  }),
});
