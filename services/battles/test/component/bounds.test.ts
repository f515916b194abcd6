/**
 * Issue 10: a seat's bot must be its participant's own (gRPC CreateBattle, the shared check), and
 * expensive work is bounded — practice per user (429 + Retry-After), worker lanes with a slot
 * reserved for ranked battles, and a battle's total compute.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@connectrpc/connect';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { Code } from '@garrison/kit';
import {
  grpcTestClient,
  httpClient,
  identityHeaders,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { runBattle, type BattleReport, type BattleRequest } from '@garrison/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRunner } from '../../src/app/play-hosted.js';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';

const pg = await needsPostgres();

const user = () => ({ id: randomUUID(), roles: [] as string[] });
const builtins = [{ builtin: 'spinner' }, { builtin: 'sitting-duck' }];

/** A runner that holds every battle until released, and notes the order battles began (by seed). */
function heldRunner() {
  const began: number[] = [];
  const releases: Array<() => void> = [];
  const run: HostedRunner = async (request: BattleRequest): Promise<BattleReport> => {
    began.push(request.seed);
    await new Promise<void>((resolve) => releases.push(resolve));
    return runBattle({ ...request, rounds: 1, rules: { tickLimit: 50 } });
  };
  const releaseAll = () => releases.splice(0).forEach((release) => release());
  return { run, began, releaseAll };
}

describe.skipIf(!pg)('battles: seat ownership and per-user bounds (real PostgreSQL, pg-boss queues)', () => {
  let svc: TestService<Database, typeof config>;
  let call: ReturnType<typeof httpClient>;
  let grpc: Client<typeof BattlesService>;
  let closeGrpc = () => {};
  const bots = new FakeBots();
  const runner = heldRunner();

  beforeAll(async () => {
    svc = await startTestService(createBattlesService({ bots, agentHub: null, runHosted: runner.run }), {
      env: {
        BATTLE_WORKER_CONCURRENCY: '2',
        BATTLE_RESERVED_RANKED_WORKERS: '1',
        BATTLE_PRACTICE_PER_USER: '2',
      },
    });
    call = httpClient(svc.url);
    ({ client: grpc, close: closeGrpc } = grpcTestClient(BattlesService, svc.grpcUrl!));
  });

  afterAll(async () => {
    runner.releaseAll();
    closeGrpc();
    await svc?.stop();
  });

  const battleCount = async () => (await svc.ctx.db.selectFrom('battles').select('id').execute()).length;

  it("when CreateBattle seats a user with someone else's bot version, then PermissionDenied and nothing is stored; the owner's own seat keeps its user", async () => {
    const [a, b, c] = [user(), user(), user()];
    const aliceBot = bots.add(a.id);
    const bobBot = bots.add(b.id);
    const before = await battleCount();
    const attack = grpc.createBattle({
      requestId: `test:${randomUUID()}`,
      kind: 'challenge',
      ranked: true,
      rounds: 1,
      participants: [
        { userId: b.id, botVersionId: bobBot },
        { userId: c.id, botVersionId: aliceBot },
      ],
    });
    await expect(attack).rejects.toMatchObject({ code: Code.PermissionDenied });
    await expect(attack).rejects.toThrow(/does not belong to that participant/);
    expect(await battleCount()).toBe(before);

    // A seat with no user but a hosted bot is refused too (it would have been given the owner).
    await expect(
      grpc.createBattle({
        requestId: `test:${randomUUID()}`,
        kind: 'room',
        participants: [{ botVersionId: aliceBot }, { builtin: 'tracker' }],
      }),
    ).rejects.toMatchObject({ code: Code.InvalidArgument });
    expect(await battleCount()).toBe(before);

    const fair = await grpc.createBattle({
      requestId: `test:${randomUUID()}`,
      kind: 'room',
      rounds: 1,
      participants: [
        { userId: b.id, botVersionId: bobBot },
        { userId: a.id, botVersionId: aliceBot },
      ],
    });
    expect(fair.participants.map((p) => [p.userId, p.botVersionId])).toEqual([
      [b.id, bobBot],
      [a.id, aliceBot],
    ]);
    runner.releaseAll();
  });

  it('when a user floods practice battles, then past the bound 429 with Retry-After and nothing more is stored; another user still starts one', async () => {
    const [flooder, other] = [user(), user()];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${svc.url}/api/battles`, {
        method: 'POST',
        headers: { ...identityHeaders(flooder.id, []), 'content-type': 'application/json' },
        body: JSON.stringify({ participants: builtins }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 429, title: 'Too many practice battles' });
      }
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
    const stored = await svc.ctx.db
      .selectFrom('battles')
      .select('id')
      .where('created_by', '=', flooder.id)
      .execute();
    expect(stored).toHaveLength(2);
    const res = await call('POST', '/api/battles', { as: other, body: { participants: builtins } });
    expect(res.status).toBe(201);
    runner.releaseAll();
  });

  it('when practice battles fill the open lane, then a ranked battle still takes the reserved worker before them', async () => {
    // The earlier tests' battles play out first.
    await waitFor(
      async () => {
        runner.releaseAll();
        const open = await svc.ctx.db
          .selectFrom('battles')
          .select('id')
          .where('status', 'in', ['scheduled', 'running'])
          .execute();
        return open.length === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    runner.began.length = 0;
    const practiceSeeds = [101, 102, 103];
    for (const seed of practiceSeeds) {
      const res = await call('POST', '/api/battles', { as: user(), body: { participants: builtins, seed } });
      expect(res.status).toBe(201);
    }
    // One practice battle takes the open worker; the others wait for it.
    await waitFor(async () => (runner.began.includes(101) ? true : undefined), { timeoutMs: 30_000 });
    await grpc.createBattle({
      requestId: `test:${randomUUID()}`,
      kind: 'tournament',
      ranked: true,
      seed: 900,
      rounds: 1,
      participants: [{ builtin: 'tracker' }, { builtin: 'sniper' }],
    });
    await waitFor(async () => (runner.began.includes(900) ? true : undefined), { timeoutMs: 30_000 });
    expect(runner.began).toEqual([101, 900]);
    // Released, the practice battles play one at a time after it.
    await waitFor(
      async () => {
        runner.releaseAll();
        return runner.began.length === 4 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(runner.began.slice(0, 2)).toEqual([101, 900]);
    expect(runner.began.slice(2).sort()).toEqual([102, 103]);
    runner.releaseAll();
  });
});

describe.skipIf(!pg)('battles: a battle past its total compute is stopped', () => {
  let svc: TestService<Database, typeof config>;
  const bots = new FakeBots();
  const alice = user();

  beforeAll(async () => {
    svc = await startTestService(createBattlesService({ bots, agentHub: null }), {
      env: { BATTLE_WORKER_CONCURRENCY: '1', BATTLE_CPU_CAP_MS: '1000' },
    });
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('when a bot burns its whole budget every tick, then the battle is cancelled with reason cpu-cap and battle.cancelled says so', async () => {
    const burner = bots.add(
      alice.id,
      `export default { onTick() { let x = 0; for (let i = 0; i < 1e9; i++) x += i; return { speed: x > 0 ? 1 : 0 }; } };`,
    );
    const res = await httpClient(svc.url)('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ botVersionId: burner }, { builtin: 'sitting-duck' }], rounds: 3 },
    });
    expect(res.status).toBe(201);
    const cancelled = await svc.events.waitFor<{ battleId: string; reason: string }>(
      'battle.cancelled',
      (e) => e.data.battleId === res.body.id,
      { timeoutMs: 60_000 },
    );
    expect(cancelled.data.reason).toMatch(/^cpu-cap: /);
    const row = await svc.ctx.db
      .selectFrom('battles')
      .select(['status', 'cancel_reason'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', cancel_reason: cancelled.data.reason });
  }, 90_000);
});
