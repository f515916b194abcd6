import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Client } from '@connectrpc/connect';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { parseReplay, resimulate } from '@garrison/game';
import { Code, withTransaction, type Kysely } from '@garrison/kit';
import {
  grpcTestClient,
  httpClient,
  identityHeaders,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordResult } from '../../src/app/battle-lifecycle.js';
import { MAX_LIVE_ATTEMPTS, sweepOrphanedLiveBattles } from '../../src/live/orphan-sweep.js';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';
import { outboxCount } from './outbox.js';

const pg = await needsPostgres();

interface Battle {
  id: string;
  status: string;
  kind: string;
  seed: number;
  participants: Array<{ userId: string | null; builtin: string | null; place: number; score: number }>;
  startedAt: string | null;
  finishedAt: string | null;
}

describe.skipIf(!pg)('battles service (real PostgreSQL, pg-boss queue, sandbox workers)', () => {
  let svc: TestService<Database, typeof config>;
  let call: ReturnType<typeof httpClient>;
  let grpc: Client<typeof BattlesService>;
  let closeGrpc = () => {};
  const bots = new FakeBots();
  const alice = { id: randomUUID(), roles: [] as string[] };
  const bob = { id: randomUUID(), roles: [] as string[] };

  beforeAll(async () => {
    svc = await startTestService(createBattlesService({ bots, agentHub: null }), {
      env: { BATTLE_WORKER_CONCURRENCY: '2', BATTLE_WATCH_POLL_MS: '100', BATTLE_PRACTICE_PER_USER: '20' },
    });
    call = httpClient(svc.url);
    ({ client: grpc, close: closeGrpc } = grpcTestClient(BattlesService, svc.grpcUrl!));
  });

  afterAll(async () => {
    closeGrpc();
    await svc?.stop();
  });

  const finished = (id: string) =>
    waitFor(
      async () => {
        const res = await call('GET', `/api/battles/${id}`, { as: alice });
        return res.body.status === 'finished' || res.body.status === 'cancelled'
          ? (res.body as Battle)
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );

  const replayOf = async (id: string, as: { id: string; roles: string[] }) => {
    const res = await fetch(`${svc.url}/api/battles/${id}/replay`, {
      headers: identityHeaders(as.id, as.roles),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    return gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
  };

  it('when a practice battle of two built-in bots is created, then a worker plays it and the replay re-simulates to the recorded result', async () => {
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'tracker' }, { builtin: 'sitting-duck' }], rounds: 1, seed: 42 },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('scheduled');
    const battle = await finished(res.body.id);
    expect(battle).toMatchObject({ status: 'finished', kind: 'practice', seed: 42 });
    expect(battle.participants.map((p) => p.place).sort()).toEqual([1, 2]);
    expect(battle.participants.every((p) => p.userId === null)).toBe(true);
    // The battle takes time to play: it cannot finish before it started (the worker's transaction
    // spans the battle, so a transaction-start timestamp would say otherwise).
    expect(Date.parse(battle.finishedAt!)).toBeGreaterThan(Date.parse(battle.startedAt!));

    const replay = parseReplay(await replayOf(battle.id, alice));
    const { results } = resimulate(replay);
    for (const place of results.places) {
      expect(battle.participants[place.index]).toMatchObject({ place: place.place, score: place.score });
    }
    for (const type of ['battle.scheduled', 'battle.started', 'battle.finished']) {
      await svc.events.waitFor<{ battleId: string }>(type, (e) => e.data.battleId === battle.id);
    }
  });

  it("when a user's own bot plays, then only that user's replay carries its debug log", async () => {
    const version = bots.add(alice.id);
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ botVersionId: version }, { builtin: 'tracker' }], rounds: 1 },
    });
    expect(res.status).toBe(201);
    const battle = await finished(res.body.id);
    expect(battle.status).toBe('finished');
    expect(battle.participants[0]).toMatchObject({ userId: alice.id, botVersionId: version, version: 1 });

    const own = JSON.parse((await replayOf(battle.id, alice)).split('\n')[0]!) as {
      debugLogs?: Array<{ seat: number; entries: Array<{ text: string }> }>;
    };
    expect(own.debugLogs).toHaveLength(1);
    expect(own.debugLogs![0]!.seat).toBe(0);
    expect(own.debugLogs![0]!.entries.some((e) => e.text === 'round 1')).toBe(true);
    const other = JSON.parse((await replayOf(battle.id, bob)).split('\n')[0]!) as { debugLogs?: unknown };
    expect(other.debugLogs).toBeUndefined();
  });

  it('when a practice battle names a bot that is not the caller’s, unknown, or bad rules, then 403/404/400 and nothing is stored', async () => {
    const before = await svc.ctx.db.selectFrom('battles').select('id').execute();
    const bobs = bots.add(bob.id);
    const notMine = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ botVersionId: bobs }, { builtin: 'tracker' }] },
    });
    expect(notMine.status).toBe(403);
    const unknown = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ botVersionId: randomUUID() }, { builtin: 'tracker' }] },
    });
    expect(unknown.status).toBe(404);
    const badBuiltin = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'terminator' }, { builtin: 'tracker' }] },
    });
    expect(badBuiltin.status).toBe(400);
    const duelOfThree = await call('POST', '/api/battles', {
      as: alice,
      body: {
        mode: 'duel',
        participants: [{ builtin: 'spinner' }, { builtin: 'tracker' }, { builtin: 'sniper' }],
      },
    });
    expect(duelOfThree.status).toBe(400);
    expect(duelOfThree.contentType).toContain('application/problem+json');
    expect(await svc.ctx.db.selectFrom('battles').select('id').execute()).toHaveLength(before.length);
  });

  it('when a live battle is asked for and there is no live engine, then 501 says so', async () => {
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ local: true }, { builtin: 'tracker' }] },
    });
    expect(res.status).toBe(501);
    expect(res.body.title).toBe('Live battles are not available');
  });

  it('when battles are listed by user, kind and status, then only matching ones come back, newest first, in pages', async () => {
    const mine = await call('GET', `/api/battles?user=${alice.id}`, { as: bob });
    expect(mine.status).toBe(200);
    // Alice's own bot's battle, and the practice she started between two built-in bots (no seat of hers).
    const items = mine.body.items as Battle[];
    expect(items).toHaveLength(2);
    expect(items[0]!.participants[0]!.userId).toBe(alice.id);
    expect(items[1]!.participants.every((p) => p.userId === null)).toBe(true);
    expect((await call('GET', `/api/battles?user=${bob.id}`, { as: alice })).body.items).toEqual([]);
    const page1 = await call('GET', '/api/battles?kind=practice&status=finished&limit=1', { as: bob });
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await call(
      'GET',
      `/api/battles?kind=practice&status=finished&limit=1&cursor=${page1.body.nextCursor}`,
      {
        as: bob,
      },
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(new Date(page2.body.items[0].createdAt) <= new Date(page1.body.items[0].createdAt)).toBe(true);
    expect((await call('GET', '/api/battles?kind=tournament', { as: bob })).body.items).toEqual([]);
  });

  it('when CreateBattle is called twice with one request id, then one battle exists; WatchBattle follows it to the end', async () => {
    const request = {
      requestId: `test:${randomUUID()}`,
      kind: 'tournament',
      participants: [{ builtin: 'spinner' }, { builtin: 'sniper' }],
      rounds: 1,
      ranked: true,
      contextId: 'tournament-1',
    };
    const [first, second] = await Promise.all([grpc.createBattle(request), grpc.createBattle(request)]);
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({
      kind: 'tournament',
      ranked: true,
      contextId: 'tournament-1',
      mode: 'duel',
    });
    const statuses: string[] = [];
    for await (const battle of grpc.watchBattle({ id: first.id })) statuses.push(battle.status);
    expect(statuses.at(-1)).toBe('finished');
    expect(new Set(statuses).size).toBe(statuses.length); // each status once, in order
    const got = await grpc.getBattle({ id: first.id });
    expect(got.participants.map((p) => p.place).sort()).toEqual([1, 2]);
    expect(
      await svc.ctx.db
        .selectFrom('battles')
        .select('id')
        .where('request_id', '=', request.requestId)
        .execute(),
    ).toHaveLength(1);
  });

  it("when a ranked battle names a version that is neither its bot's first activated one nor past the gate, then FailedPrecondition and nothing is stored; practice stays open", async () => {
    const unproven = bots.add(alice.id, undefined, 'valid', false);
    const before = await svc.ctx.db.selectFrom('battles').select('id').execute();
    const ranked = grpc.createBattle({
      requestId: `test:${randomUUID()}`,
      kind: 'matchmaking',
      participants: [{ userId: alice.id, botVersionId: unproven }, { builtin: 'sniper' }],
      rounds: 1,
      ranked: true,
    });
    await expect(ranked).rejects.toMatchObject({ code: Code.FailedPrecondition });
    expect(await svc.ctx.db.selectFrom('battles').select('id').execute()).toHaveLength(before.length);
    const practice = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ botVersionId: unproven }, { builtin: 'sniper' }], rounds: 1 },
    });
    expect(practice.status).toBe(201);
  });

  it('when a running live battle has not been stamped by its process for a while, then the sweep hands it to be taken over; one tried too often is cancelled and says so; one still stamped stays', async () => {
    const liveBattle = async (stampedSecondsAgo: number, attempts = 1) => {
      const id = randomUUID();
      await svc.ctx.db
        .insertInto('battles')
        .values({
          id,
          kind: 'practice',
          status: 'running',
          rules_version: 1,
          seed: 7,
          mode: 'duel',
          rounds: 1,
          ranked: false,
          live: true,
          context_id: null,
          request_id: null,
          created_by: alice.id,
          cancel_reason: null,
          attempts,
          starts_at: new Date(),
          started_at: new Date(Date.now() - 120_000),
          finished_at: null,
          live_heartbeat_at: new Date(Date.now() - stampedSecondsAgo * 1000),
        })
        .execute();
      return id;
    };
    const orphan = await liveBattle(90);
    const tried = await liveBattle(90, MAX_LIVE_ATTEMPTS);
    const alive = await liveBattle(2);
    const handed: string[] = [];
    const takeOver = (id: string) => {
      handed.push(id);
      return Promise.resolve(true);
    };
    const swept = await sweepOrphanedLiveBattles(svc.ctx.db, svc.ctx.bus, takeOver);
    expect(handed).toContain(orphan);
    expect(swept.takenOver).toContain(orphan);
    expect(swept.cancelled).toContain(tried);
    expect([...handed, ...swept.cancelled]).not.toContain(alive);
    const status = async (id: string) =>
      (await svc.ctx.db.selectFrom('battles').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status;
    expect(await status(tried)).toBe('cancelled');
    expect(await status(alive)).toBe('running');
    await svc.events.waitFor<{ battleId: string }>('battle.cancelled', (e) => e.data.battleId === tried);
    expect((await sweepOrphanedLiveBattles(svc.ctx.db, svc.ctx.bus, takeOver)).cancelled).not.toContain(
      tried,
    );
  });

  it('when a result is recorded a second time (a rerun after a worker crash), then nothing changes and battle.finished stays single', async () => {
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'spinner' }, { builtin: 'sitting-duck' }], rounds: 1 },
    });
    const battle = await finished(res.body.id);
    const replay = await replayOf(battle.id, alice);
    const results = resimulate(parseReplay(replay)).results;
    const fake = { ...results, places: results.places.map((p) => ({ ...p, score: p.score + 1000 })) };
    const again = await withTransaction(svc.ctx.db, (tx) =>
      recordResult(tx, svc.ctx.bus, battle.id, { results: fake, replay, debugLogs: [[], []] }),
    );
    expect(again).toBe(false);
    const after = (await call('GET', `/api/battles/${battle.id}`, { as: alice })).body as Battle;
    expect(after.participants).toEqual(battle.participants);
    expect(await outboxCount(svc.ctx.db as Kysely<unknown>, 'battle.finished', battle.id)).toBe(1);
    await svc.events.waitFor<{ battleId: string }>('battle.finished', (e) => e.data.battleId === battle.id);
    const published = svc.events.events.filter(
      (e) => e.type === 'battle.finished' && (e.data as { battleId: string }).battleId === battle.id,
    );
    expect(published).toHaveLength(1);
  });

  it('when someone spectates a hosted battle, then they get its status changes and the final result', async () => {
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'tracker' }, { builtin: 'spinner' }], rounds: 1 },
    });
    const ws = new WebSocket(`${svc.url.replace('http', 'ws')}/api/battles/${res.body.id}/live`, {
      headers: identityHeaders(bob.id, []),
    });
    const messages: Array<{ type: string; battle: Battle }> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    expect(await closed).toBe(1000);
    const last = messages.at(-1)!;
    expect(last.type).toBe('result');
    expect(last.battle).toMatchObject({ id: res.body.id, status: 'finished' });
  });
});
