/**
 * Issue 16 on RabbitMQ: the same scenario as crash-recovery.test.ts (accounting killed with SIGKILL
 * mid-batch during a shuffle of thousands of tasks). The broker requeues what the dead connection
 * held unacked; the launcher restarts accounting; every fee is applied exactly once within 30 s.
 */
import { randomBytes } from 'node:crypto';
import { needsPostgres, needsRabbit } from '@garrison/kit/testing';
import { describeCrashRecovery } from './support/crash-recovery.js';

const pg = await needsPostgres();
const rabbit = await needsRabbit();

describeCrashRecovery(
  'RabbitMQ',
  pg && rabbit
    ? {
        GARRISON_POSTGRES_URL: pg.url,
        GARRISON_BUS: rabbit.url,
        BUS_PREFIX: `crash${randomBytes(3).toString('hex')}.`,
      }
    : undefined,
);
