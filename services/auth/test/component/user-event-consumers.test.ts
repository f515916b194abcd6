import { randomUUID } from 'node:crypto';
import { needsPostgres, startTestService, waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAuthStore } from '../../src/adapters/postgres-auth-store.js';
import { authService } from '../../src/service.js';
import { handledCount, rawEventPublisher, usersEvent } from './raw-events.js';
import type { Started } from './system.js';

const pg = await needsPostgres();

// Every consumer of users' events, fed raw envelopes: each one delivered twice must take effect once,
// and a malformed one must end in the dead letters with its reason, changing nothing.
describe.skipIf(!pg)('auth consumers of users events: duplicates and poison', () => {
  let auth: Started<typeof authService>;
  let raw: Awaited<ReturnType<typeof rawEventPublisher>>;
  const projected = (id: string) => new PostgresAuthStore(auth.ctx.db).knownUser(id);

  beforeAll(async () => {
    auth = await startTestService(authService);
    raw = await rawEventPublisher(auth.env, auth.ctx.log);
  });
  afterAll(async () => {
    await raw?.stop();
    await auth?.stop();
  });

  /** A projected user to change, created through the user.created consumer. */
  const seedUser = async () => {
    const id = randomUUID();
    const login = `u${id.slice(0, 8)}`;
    const created = usersEvent(
      'user.created',
      {
        id,
        login,
        displayName: 'Seed',
        roles: ['worker', 'player'],
        active: true,
        createdAt: new Date().toISOString(),
      },
      new Date(Date.now() - 60_000),
    );
    const handledBefore = await handledCount(auth.ctx.metrics, 'ok');
    await raw.publish(created);
    // Projected and counted: the count moves just after the commit, and the cases below read it.
    await waitFor(
      async () =>
        (await projected(id)) !== undefined && (await handledCount(auth.ctx.metrics, 'ok')) > handledBefore,
      { timeoutMs: 10_000 },
    );
    return { id, login };
  };

  const cases = [
    {
      type: 'user.created',
      data: (id: string, login: string) => ({
        id,
        login,
        displayName: 'Created',
        roles: ['accountant'],
        active: true,
        createdAt: new Date().toISOString(),
      }),
      expected: { displayName: 'Created', roles: ['accountant'] },
    },
    {
      type: 'user.updated',
      data: (id: string, login: string) => ({ id, login, displayName: 'Updated', active: true }),
      expected: { displayName: 'Updated' },
    },
    {
      type: 'user.deactivated',
      data: (id: string, login: string) => ({ id, login }),
      expected: { active: false },
    },
    {
      type: 'user.roles-changed',
      data: (id: string, login: string) => ({
        id,
        login,
        roles: ['manager'],
        previousRoles: ['worker', 'player'],
      }),
      expected: { roles: ['manager'] },
    },
  ];

  it.each(cases)(
    'when $type is delivered twice, then it takes effect once',
    async ({ type, data, expected }) => {
      const { id, login } = await seedUser();
      const envelope = usersEvent(type, data(id, login));
      const [okBefore, duplicatesBefore] = [
        await handledCount(auth.ctx.metrics, 'ok'),
        await handledCount(auth.ctx.metrics, 'duplicate'),
      ];
      await raw.publish(envelope);
      await raw.publish(envelope);
      await waitFor(
        async () => (await handledCount(auth.ctx.metrics, 'duplicate')) === duplicatesBefore + 1,
        {
          timeoutMs: 10_000,
        },
      );
      expect(await handledCount(auth.ctx.metrics, 'ok')).toBe(okBefore + 1);
      expect(await projected(id)).toMatchObject(expected);
    },
  );

  it.each(cases)(
    'when a malformed $type arrives, then it is dead-lettered with the schema reason',
    async ({ type }) => {
      const { id, login } = await seedUser();
      const before = await projected(id);
      const poisoned = usersEvent(type, { id, login, unexpected: 'field' });
      await raw.publish(poisoned);
      const letterOf = async () =>
        (await auth.ctx.bus.deadLetters()).find((l) => (l.envelope as { id?: string }).id === poisoned.id);
      await waitFor(async () => (await letterOf()) !== undefined, { timeoutMs: 10_000 });
      const letter = await letterOf();
      expect(letter).toMatchObject({ consumer: 'auth', attempts: 1 });
      expect(letter!.reason).toMatch(new RegExp(`^schema: ${type.replace('.', '\\.')} v1: `));
      expect(await projected(id)).toEqual(before);
    },
  );
});
