/**
 * Issue 16 on the embedded default transport (pg-boss): accounting is killed with SIGKILL in the
 * middle of a batch of fees while it applies a shuffle of thousands of tasks. The launcher restarts
 * it, a peer (or the new process at start) fails the dead instance's active jobs for an immediate
 * retry (ADR 180), and every fee is applied exactly once within 30 s of the kill — instead of the
 * five minutes pg-boss' expiry would take. The RabbitMQ run is crash-recovery-broker.test.ts.
 */
import { needsPostgres } from '@garrison/kit/testing';
import { describeCrashRecovery } from './support/crash-recovery.js';

const pg = await needsPostgres();

describeCrashRecovery('pg-boss', pg ? { GARRISON_POSTGRES_URL: pg.url } : undefined);
