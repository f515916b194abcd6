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
    default: 30_000,
    min: 1_000,
    doc: 'wall-clock bound of one validation (compile + smoke round); past it the version is invalid',
  }),
  gateRetryAfterSeconds: c.int({
    env: 'BOTS_GATE_RETRY_AFTER_S',
    default: 60,
    min: 1,
    doc: 'a running gate whose duels are not all created this long after it started is asked for again (sweeper, every minute)',
  }),
});
