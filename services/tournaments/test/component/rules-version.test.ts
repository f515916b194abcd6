import { randomUUID } from 'node:crypto';
import {
  httpClient,
  needsPostgres,
  onTheBusOf,
  startTestService,
  waitFor,
  type Answer,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { tournamentsService } from '../../src/service.js';
import { fakeBattles, type FakeBattles } from './fake-battles.js';

const pg = await needsPostgres();

interface Who {
  id: string;
  roles: string[];
}
const user = (): Who => ({ id: randomUUID(), roles: ['user'] });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe.skipIf(!pg)('a tournament played under rules version 2 (ADR 230)', () => {
  let svc: TestService<Database>;
  let battlesSvc: TestService;
  let battles: FakeBattles;
  let call: (method: string, path: string, as: Who, body?: unknown) => Promise<Answer>;

  beforeAll(async () => {
    battles = fakeBattles();
    battlesSvc = await startTestService(battles.def, { database: true });
    svc = await startTestService(tournamentsService, {
      env: {
        ...onTheBusOf(battlesSvc),
        GARRISON_SERVICES: JSON.stringify({
          battles: { grpc: battlesSvc.grpcUrl },
          bots: { grpc: battlesSvc.grpcUrl },
        }),
      },
    });
    const http = httpClient(svc.url);
    call = (method, path, as, body) => http(method, path, { as, body });
  });

  afterAll(async () => {
    await svc?.stop();
    await battlesSvc?.stop();
  });

  const body = (rules: Record<string, unknown>) => ({
    title: 'Obstacle Cup',
    format: 'round-robin',
    startsAt: inSeconds(3600),
    capacity: 4,
    rules,
  });

  it('when a tournament asks for an unknown rules version, then 400 problem+json and nothing is stored', async () => {
    const before = await svc.ctx.db.selectFrom('tournaments').select('id').execute();
    for (const version of [0, 3, '2']) {
      const res = await call('POST', '/api/tournaments', user(), body({ mode: 'duel', version }));
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
    }
    expect(await svc.ctx.db.selectFrom('tournaments').select('id').execute()).toHaveLength(before.length);
  });

  it('when a tournament is on rules v2, then it shows rules.version 2 and its battles are created with rules version 2', async () => {
    const organizer = user();
    const created = await call(
      'POST',
      '/api/tournaments',
      organizer,
      body({ mode: 'duel', rounds: 1, version: 2 }),
    );
    expect(created.status).toBe(201);
    const t = created.body as { id: string; rules: unknown };
    expect(t.rules).toEqual({ mode: 'duel', rounds: 1, version: 2 });
    expect((await call('GET', `/api/tournaments/${t.id}`, user())).body.rules).toEqual(t.rules);
    for (const who of [user(), user()]) {
      const botVersionId = randomUUID();
      battles.bots.set(botVersionId, { ownerId: who.id, rankedEligible: true });
      const app = await call('POST', `/api/tournaments/${t.id}/applications`, who, { bot: { botVersionId } });
      await call('POST', `/api/tournaments/${t.id}/applications/${app.body.id as string}/accept`, organizer);
    }
    await call('PATCH', `/api/tournaments/${t.id}`, organizer, {
      startsAt: inSeconds(1.5),
      registrationClosesAt: inSeconds(1),
    });
    const request = await waitFor(() => battles.calls.find((c) => c.contextId === t.id), {
      timeoutMs: 20_000,
    });
    expect(request).toMatchObject({ kind: 'tournament', rounds: 1, rulesVersion: 2 });
  });
});
