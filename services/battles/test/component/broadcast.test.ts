import { randomUUID } from 'node:crypto';
import type { Client } from '@connectrpc/connect';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { sql, type Kysely } from '@garrison/kit';
import {
  anotherInstanceOf,
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
import { revealDueBroadcasts } from '../../src/app/battle-lifecycle.js';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';
import { outboxCount } from './outbox.js';

const pg = await needsPostgres();

interface Battle {
  id: string;
  status: string;
  broadcast: boolean;
  broadcastStartsAt: string | null;
  participants: Array<{ place: number | null; score: number | null }>;
}

interface Message {
  at: number;
  type: string;
  tick?: number;
  round?: number;
  battle?: Battle;
  results?: { ticks: number; places: unknown[] };
}

/** Broadcasts play at 50 ticks/s and 1 s delay here (10 ticks/s and 5 s in production). */
const TICK_MS = 20;
const DELAY_MS = 1000;

describe.skipIf(!pg)('broadcast battles (ADR 240: real time from the replay, result held back)', () => {
  let svc: TestService<Database, typeof config>;
  let call: ReturnType<typeof httpClient>;
  let grpc: Client<typeof BattlesService>;
  let closeGrpc = () => {};
  const alice = { id: randomUUID(), roles: [] as string[] };
  const admin = { id: randomUUID(), roles: ['admin'] };

  beforeAll(async () => {
    svc = await startTestService(createBattlesService({ bots: new FakeBots(), agentHub: null }), {
      env: {
        BATTLE_WORKER_CONCURRENCY: '2',
        BATTLE_WATCH_POLL_MS: '100',
        BATTLE_LIVE_TICK_RATE: String(1000 / TICK_MS),
        BATTLE_SPECTATOR_DELAY_MS: String(DELAY_MS),
      },
    });
    call = httpClient(svc.url);
    ({ client: grpc, close: closeGrpc } = grpcTestClient(BattlesService, svc.grpcUrl!));
  });

  afterAll(async () => {
    closeGrpc();
    await svc?.stop();
  });

  const createBroadcast = () =>
    grpc.createBattle({
      requestId: `test:${randomUUID()}`,
      kind: 'tournament',
      ranked: true,
      broadcast: true,
      contextId: 'tournament-b',
      participants: [{ builtin: 'tracker' }, { builtin: 'spinner' }],
      rounds: 2,
    });

  const get = async (id: string, as = alice) =>
    (await call('GET', `/api/battles/${id}`, { as })).body as Battle;

  const computed = (id: string) =>
    waitFor(
      async () => {
        const battle = await get(id);
        return battle.broadcastStartsAt ? battle : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );

  const spectate = (id: string, url = svc.url) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/battles/${id}/live`, {
      headers: identityHeaders(alice.id, []),
    });
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push({ at: Date.now(), ...JSON.parse(String(data)) }));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    return { messages, closed };
  };

  const replayStatus = async (id: string, as: { id: string; roles: string[] }) =>
    (await fetch(`${svc.url}/api/battles/${id}/replay`, { headers: identityHeaders(as.id, as.roles) }))
      .status;

  it('when a broadcast battle is computed, then spectators get its ticks in real time and nobody but an admin learns the result before the last one is shown', async () => {
    const created = await createBroadcast();
    const early = spectate(created.id);

    const held = await computed(created.id);
    // Computed, but still running to everyone: no places, no replay, no battle.finished.
    expect(held).toMatchObject({ status: 'running', broadcast: true });
    expect(held.participants.every((p) => p.place === null && p.score === null)).toBe(true);
    expect(await replayStatus(created.id, alice)).toBe(409);
    expect((await grpc.getBattle({ id: created.id })).participants.map((p) => p.place)).toEqual([0, 0]);
    const listed = (await call('GET', '/api/battles?kind=tournament', { as: alice })).body.items as Battle[];
    expect(listed.find((b) => b.id === created.id)!.participants[0]!.place).toBeNull();
    expect(await outboxCount(svc.ctx.db as Kysely<unknown>, 'battle.finished', created.id)).toBe(0);
    // An admin (support) sees it all.
    const seen = await get(created.id, admin);
    expect(seen.participants.map((p) => p.place).sort()).toEqual([1, 2]);
    expect(await replayStatus(created.id, admin)).toBe(200);

    // A spectator who comes in the middle starts at the tick being shown.
    const startsAt = Date.parse(held.broadcastStartsAt!);
    await new Promise((r) => setTimeout(r, Math.max(0, startsAt - Date.now()) + 40 * TICK_MS));
    const late = spectate(created.id);

    expect(await early.closed).toBe(1000);
    expect(await late.closed).toBe(1000);
    const frames = early.messages.filter((m) => m.type === 'frame');
    const end = early.messages.find((m) => m.type === 'battle-end')!;
    const result = early.messages.at(-1)!;
    const ticks = end.results!.ticks;
    expect(frames).toHaveLength(ticks); // every tick line, once
    expect(early.messages.filter((m) => m.type === 'round-end')).toHaveLength(2); // after each round, as live battles
    // Paced by the clock from the stored start (the delay included): tick k at start + k·tick.
    expect(frames[0]!.at).toBeGreaterThanOrEqual(startsAt + TICK_MS - 5);
    expect(frames.at(-1)!.at).toBeGreaterThanOrEqual(startsAt + ticks * TICK_MS - 5);
    expect(frames.at(-1)!.at - frames[0]!.at).toBeGreaterThan((ticks - 1) * TICK_MS * 0.8);
    // The result comes after the last frame, as the reveal: finished, with places, the replay open.
    expect(result.type).toBe('result');
    expect(result.at).toBeGreaterThanOrEqual(end.at);
    expect(result.battle!.status).toBe('finished');
    expect(result.battle!.participants.map((p) => p.place).sort()).toEqual([1, 2]);
    expect(await replayStatus(created.id, alice)).toBe(200);
    await svc.events.waitFor<{ battleId: string }>('battle.finished', (e) => e.data.battleId === created.id);
    expect(await outboxCount(svc.ctx.db as Kysely<unknown>, 'battle.finished', created.id)).toBe(1);

    const lateFrames = late.messages.filter((m) => m.type === 'frame');
    expect(lateFrames.length).toBeGreaterThan(0);
    expect(lateFrames.length).toBeLessThan(ticks - 30);
    expect(late.messages.at(-1)!.type).toBe('result');
  });

  it('when the reveal job of a broadcast is lost, then the minute sweep reveals it once its end has passed, once', async () => {
    const created = await createBroadcast();
    await computed(created.id);
    expect(await revealDueBroadcasts(svc.ctx.db, svc.ctx.bus)).not.toContain(created.id); // not due yet
    await sql`UPDATE battles SET broadcast_ends_at = now() - interval '1 second' WHERE id = ${created.id}`.execute(
      svc.ctx.db,
    );
    expect(await revealDueBroadcasts(svc.ctx.db, svc.ctx.bus)).toEqual([created.id]);
    expect((await get(created.id)).status).toBe('finished');
    expect(await revealDueBroadcasts(svc.ctx.db, svc.ctx.bus)).toEqual([]);
    expect(await outboxCount(svc.ctx.db as Kysely<unknown>, 'battle.finished', created.id)).toBe(1);
  });

  it('when a broadcast is computed on one instance, then a spectator of another instance (no worker there) gets the same frames at the same time', async () => {
    const other = await startTestService(createBattlesService({ bots: new FakeBots(), agentHub: null }), {
      env: {
        ...anotherInstanceOf(svc),
        BATTLE_WORKER_CONCURRENCY: '0',
        BATTLE_WATCH_POLL_MS: '100',
        BATTLE_LIVE_TICK_RATE: String(1000 / TICK_MS),
        BATTLE_SPECTATOR_DELAY_MS: String(DELAY_MS),
      },
    });
    try {
      const created = await createBroadcast();
      const here = spectate(created.id);
      const there = spectate(created.id, other.url);
      expect(await here.closed).toBe(1000);
      expect(await there.closed).toBe(1000);
      const frames = (m: Message[]) => m.filter((x) => x.type === 'frame');
      expect(frames(there.messages).length).toBeGreaterThan(10);
      expect(frames(there.messages).map((f) => [f.round, f.tick])).toEqual(
        frames(here.messages).map((f) => [f.round, f.tick]),
      );
      // Paced by the one stored clock: each frame within a few ticks of its twin (one event loop here).
      const skew = frames(there.messages).map((f, i) => Math.abs(f.at - frames(here.messages)[i]!.at));
      expect(Math.max(...skew)).toBeLessThan(10 * TICK_MS);
      expect(there.messages.at(-1)).toMatchObject({ type: 'result', battle: { status: 'finished' } });
    } finally {
      await other.stop();
    }
  });
});
