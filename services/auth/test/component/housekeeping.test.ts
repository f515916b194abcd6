import { randomUUID } from 'node:crypto';
import { needsPostgres, startTestService } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/app/purge-expired.js';
import { kitTransactions } from '../../src/adapters/kit-transactions.js';
import { authService } from '../../src/service.js';
import type { Started } from './system.js';

const pg = await needsPostgres();
const HOUR = 3600_000;

describe.skipIf(!pg)('housekeeping job of auth', () => {
  let auth: Started<typeof authService>;

  beforeAll(async () => {
    auth = await startTestService(authService);
  });
  afterAll(async () => {
    await auth?.stop();
  });

  it('when the purge runs, then expired tokens, empty families and old failures go; live ones stay', async () => {
    const transactions = kitTransactions(auth.ctx.db);
    const now = new Date();
    const userId = randomUUID();
    const [oldFamily, liveFamily] = [randomUUID(), randomUUID()];
    await transactions.run(async (store) => {
      await store.startFamily({ id: oldFamily, userId, at: new Date(now.getTime() - 48 * HOUR) });
      await store.startFamily({ id: liveFamily, userId, at: now });
      const token = (hash: string, familyId: string, expiresAt: Date) =>
        store.insertRefreshToken({ hash, familyId, userId, issuedAt: now, expiresAt });
      await token('expired-1', oldFamily, new Date(now.getTime() - HOUR));
      await token('expired-2', liveFamily, new Date(now.getTime() - HOUR));
      await token('live-1', liveFamily, new Date(now.getTime() + HOUR));
      const attempt = (client: string, at: Date) =>
        store.reserveLoginAttempt({
          login: 'someone',
          client,
          now: at,
          windowMs: 600_000,
          maxFailures: 10,
          delays: { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 30_000 },
        });
      await attempt('10.0.0.1', new Date(now.getTime() - 2 * HOUR));
      await attempt('10.0.0.2', new Date(now.getTime() - 60_000));
    });

    const purged = await purgeExpired({
      transactions,
      policy: {
        maxFailures: 10,
        failureWindowMs: 600_000,
        freeFailures: 3,
        baseDelayMs: 1000,
        maxDelayMs: 30_000,
        refreshTokenTtlMs: 24 * HOUR,
      },
      now: () => now,
    });

    expect(purged).toEqual({ refreshTokens: 2, failures: 1 });
    await transactions.run(async (store) => {
      expect(await store.lockRefreshToken('expired-1')).toBeUndefined();
      expect(await store.lockRefreshToken('live-1')).toMatchObject({ familyId: liveFamily });
      expect(await store.loginAttempt('someone', '10.0.0.1')).toBeUndefined();
      expect(await store.loginAttempt('someone', '10.0.0.2')).toMatchObject({ failures: 1 });
    });
    const families = await auth.ctx.db.selectFrom('token_families').select('id').execute();
    expect(families.map((f) => f.id)).toEqual([liveFamily]);
  });
});
