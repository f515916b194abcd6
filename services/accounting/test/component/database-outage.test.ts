/**
 * Accounting on a PostgreSQL of the test's own (the shared one is never stopped), with a streaming
 * replica of it (pg_basebackup -R): dashboards read from the replica and keep answering while the
 * primary is down (ADR 183); without a replica, GETs answer their last copy marked stale and writes
 * fail fast with 503 + Retry-After (ADR 182).
 */
import { randomUUID } from 'node:crypto';
import { createKysely, createPool, ensureDatabase, sql, type Kysely } from '@garrison/kit';
import {
  identityHeaders,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { OwnPostgres, postgresBinaries } from '@garrison/kit/testing/own-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { accountingService } from '../../src/service.js';

const pg = await needsPostgres();
const binaries = postgresBinaries();
if (!binaries && process.env.CI === 'true') throw new Error('CI needs the PostgreSQL server binaries');
if (!binaries) console.warn('skipping: no PostgreSQL server binaries (initdb/pg_ctl) on this machine');

type Who = { id: string; roles: string[] };
const accountant: Who = { id: randomUUID(), roles: ['accountant'] };
const otherAccountant: Who = { id: randomUUID(), roles: ['accountant'] };
const admin: Who = { id: randomUUID(), roles: ['admin'] };
const day = '2026-03-02';

async function call(base: string, method: string, path: string, as: Who) {
  const res = await fetch(`${base}${path}`, { method, headers: identityHeaders(as.id, as.roles) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** A fee straight into the books (as the task consumer would write it), on the primary. */
async function chargeFee(db: Kysely<Database>, amount: number): Promise<void> {
  const userId = randomUUID();
  const taskId = randomUUID();
  await sql`INSERT INTO accounts (user_id, balance) VALUES (${userId}, ${-amount})`.execute(db);
  await sql`INSERT INTO tasks (id, title, fee, reward) VALUES (${taskId}, 't', ${amount}, 20)`.execute(db);
  await sql`
    INSERT INTO ledger (id, user_id, type, amount, task_id, billing_day, cause)
    VALUES (${randomUUID()}, ${userId}, 'fee', ${amount}, ${taskId}, ${day}, ${`test:${randomUUID()}`})`.execute(
    db,
  );
}

describe.skipIf(!pg || !binaries)('accounting while its PostgreSQL is down', () => {
  let primary: OwnPostgres;
  let replica: OwnPostgres;
  let accounting: TestService<Database>;
  let primaryDb: Kysely<Database>;
  let replicaDb: Kysely<Database>;

  beforeAll(async () => {
    primary = await OwnPostgres.start();
    await ensureDatabase(primary.url(), 'accounting');
    replica = await OwnPostgres.replicaOf(primary);
    accounting = await startTestService(accountingService, {
      env: {
        DATABASE_URL: primary.url('accounting'),
        DATABASE_READ_URL: replica.url('accounting'),
      },
    });
    primaryDb = createKysely(createPool(primary.url('accounting'), { max: 2 }));
    replicaDb = createKysely(createPool(replica.url('accounting'), { max: 2 }));
  }, 180_000);

  afterAll(async () => {
    await accounting?.stop();
    await primaryDb?.destroy();
    await replicaDb?.destroy();
    await replica?.destroy();
    await primary?.destroy();
  }, 60_000);

  const summary = (as: Who) => call(accounting.url, 'GET', `/api/accounting/summary?day=${day}`, as);

  it('when the primary is stopped, then the dashboards still answer current figures from the replica, and writes fail fast with 503 + Retry-After', async () => {
    await chargeFee(primaryDb, 12);
    await chargeFee(primaryDb, 17);
    // The replica streams the primary's WAL: both fees reach it.
    await waitFor(
      async () =>
        Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ledger`.execute(replicaDb)).rows[0]!.n) ===
        2,
      { timeoutMs: 20_000, message: 'the replica replayed the fees' },
    );
    const inRecovery = await sql<{ r: boolean }>`SELECT pg_is_in_recovery() AS r`.execute(replicaDb);
    expect(inRecovery.rows[0]!.r).toBe(true);

    await primary.stop();
    try {
      // Never asked before the outage, so no cached copy: this is the replica answering.
      const fresh = await summary(otherAccountant);
      expect(fresh.status).toBe(200);
      expect(fresh.body).toMatchObject({ day, feesDebited: 29, managementEarnings: 29 });
      expect(fresh.headers.get('cache-status')).toBeNull();
      const accounts = await call(accounting.url, 'GET', '/api/accounting/accounts', otherAccountant);
      expect(accounts.status).toBe(200);
      expect(accounts.body.items).toHaveLength(2);

      const close = await call(accounting.url, 'POST', `/api/accounting/days/${day}/close`, admin);
      expect(close.status).toBe(503);
      expect(close.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await primary.restart();
    }
  }, 60_000);

  it('when the replica is down too, then a GET asked before answers its last copy marked stale, another caller gets no one else’s copy, and it is fresh again once the database is back', async () => {
    const before = await summary(accountant);
    expect(before.status).toBe(200);
    expect(before.headers.get('cache-status')).toBeNull();

    await replica.stop();
    await primary.stop();
    try {
      const stale = await summary(accountant);
      expect(stale.status).toBe(200);
      expect(stale.body).toEqual(before.body);
      expect(Number(stale.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect(stale.headers.get('cache-status')).toMatch(/stale-if-error/);
      expect(stale.headers.get('warning')).toMatch(/^110 /);

      // The attack: someone who never read it must not get another caller's answer.
      const stranger: Who = { id: randomUUID(), roles: ['accountant', 'admin'] };
      const refused = await summary(stranger);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await primary.restart();
      await replica.restart();
    }
    const back = await waitFor(
      async () => {
        const res = await summary(accountant);
        return res.status === 200 && res.headers.get('cache-status') === null ? res : undefined;
      },
      { timeoutMs: 20_000, message: 'fresh answers after the database came back' },
    );
    expect(back.body).toMatchObject({ day, feesDebited: 29 });
  }, 60_000);
});
