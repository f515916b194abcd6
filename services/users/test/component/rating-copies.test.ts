import { randomUUID } from 'node:crypto';
import {
  createService,
  sql,
  withTransaction,
  type Kysely,
  type RunningService,
  type ServiceDefinition,
} from '@garrison/kit';
import {
  createTestDatabase,
  httpClient,
  needsPostgres,
  startTestService,
  waitFor,
  type TestDatabase,
  type TestService,
  testIdentityEnv,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersService } from '../../src/service.js';

const pg = await needsPostgres();
const admin = { id: randomUUID(), roles: ['admin'] };

/** Stands in for the ratings service: owns rating.changed and publishes it through its outbox. */
const ratingsStandIn: ServiceDefinition = { name: 'ratings', setup: () => ({}) };

const ratingChanged = (userId: string, seq: number, rating: number, points = 0) => ({
  userId,
  rating,
  rd: 200,
  volatility: 0.06,
  conservative: rating - 400,
  points,
  battles: seq,
  reason: 'battle',
  battleId: randomUUID(),
  seq,
  changedAt: new Date().toISOString(),
});

async function handled(db: Kysely<unknown>, eventId: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM kit_inbox WHERE event_id = ${eventId}`.execute(db);
  return rows.rows.length > 0;
}

describe.skipIf(!pg)('users keeps a copy of ratings for profiles (real PostgreSQL and bus)', () => {
  let ratings: TestService;
  let database: TestDatabase;
  let env: Record<string, string>;
  let users: RunningService | undefined;
  let playerId: string;

  const publish = (data: unknown) =>
    withTransaction(ratings.ctx.db, (tx) =>
      ratings.ctx.bus.publish(tx, { type: 'rating.changed', version: 1, data }),
    );
  const profile = async () =>
    (await httpClient(users!.httpUrl)('GET', `/api/users/${playerId}`, { as: admin })).body;

  beforeAll(async () => {
    ratings = await startTestService(ratingsStandIn, { database: true });
    // users runs on a database of this test's own, so it can be stopped and started again on it
    database = await createTestDatabase('users');
    env = {
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      GARRISON_BUS: 'pgboss',
      BUS_DATABASE_URL: ratings.env.BUS_DATABASE_URL!,
      BUS_PREFIX: ratings.env.BUS_PREFIX!,
      ...testIdentityEnv, // identityHeaders() tokens: the process test key (ADR 152)
    };
    users = await createService(usersService, env);
    const res = await httpClient(users.httpUrl)('POST', '/api/users', {
      as: admin,
      body: { login: 'rated.one', displayName: 'Rated', roles: ['player'] },
    });
    playerId = res.body.id;
  });

  afterAll(async () => {
    await users?.stop();
    await database?.drop();
    await ratings?.stop();
  });

  it('when a player has no rating yet, then the profile says null', async () => {
    expect((await profile()).rating).toBeNull();
  });

  it('when rating.changed arrives newest first, then the older one never rolls the profile back', async () => {
    const newer = await publish(ratingChanged(playerId, 2, 1620, 40));
    await waitFor(() => handled(users!.ctx.db as Kysely<unknown>, newer.id));
    const older = await publish(ratingChanged(playerId, 1, 1580));
    await waitFor(() => handled(users!.ctx.db as Kysely<unknown>, older.id));
    expect((await profile()).rating).toMatchObject({
      skill: 1620,
      rd: 200,
      conservative: 1220,
      points: 40,
      battles: 2,
    });
  });

  it('when users is down while ratings change, then it applies them once it is back', async () => {
    await users!.stop();
    users = undefined;
    const whileDown = await publish(ratingChanged(playerId, 3, 1700, 100));
    users = await createService(usersService, env);
    await waitFor(() => handled(users!.ctx.db as Kysely<unknown>, whileDown.id), { timeoutMs: 15_000 });
    expect((await profile()).rating).toMatchObject({ skill: 1700, points: 100, battles: 3 });
  });
});
