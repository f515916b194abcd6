import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ConnectError, type Client } from '@connectrpc/connect';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { parseReplay, resimulate } from '@garrison/game';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';

const pg = await needsPostgres();

describe.skipIf(!pg)('battles under a chosen rules version (ADR 230)', () => {
  let svc: TestService<Database, typeof config>;
  let call: ReturnType<typeof httpClient>;
  let grpc: Client<typeof BattlesService>;
  let closeGrpc = () => {};
  const alice = { id: randomUUID(), roles: [] as string[] };

  beforeAll(async () => {
    svc = await startTestService(createBattlesService({ bots: new FakeBots(), agentHub: null }), {
      env: { BATTLE_WORKER_CONCURRENCY: '1', BATTLE_PRACTICE_PER_USER: '20' },
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
        return res.body.status === 'finished' || res.body.status === 'cancelled' ? res.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );

  it('when a practice battle asks for rules version 2, then it is played on the obstacle arena and its replay says version 2', async () => {
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'duelist' }, { builtin: 'tracker' }], rounds: 1, rulesVersion: 2 },
    });
    expect(res.status).toBe(201);
    const battle = await finished(res.body.id as string);
    expect(battle).toMatchObject({ status: 'finished', rulesVersion: 2 });

    const got = await fetch(`${svc.url}/api/battles/${battle.id as string}/replay`, {
      headers: identityHeaders(alice.id, alice.roles),
    });
    expect(got.status).toBe(200);
    const replay = parseReplay(gunzipSync(Buffer.from(await got.arrayBuffer())).toString('utf8'));
    expect(replay.header.rulesVersion).toBe(2);
    expect(replay.header.arena.obstacles?.length).toBeGreaterThan(0);
    expect(resimulate(replay).results.rulesVersion).toBe(2);
  });

  it('when no version is asked for, then the battle is rules v1', async () => {
    const res = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'spinner' }, { builtin: 'tracker' }], rounds: 1 },
    });
    expect(res.status).toBe(201);
    expect(
      (await call('GET', `/api/battles/${res.body.id as string}`, { as: alice })).body.rulesVersion,
    ).toBe(1);
  });

  it('when a battle asks for a version the engine does not play, then 400 problem+json over REST, InvalidArgument over gRPC, and nothing is stored', async () => {
    const before = await svc.ctx.db.selectFrom('battles').select('id').execute();
    for (const rulesVersion of [3, 99]) {
      const res = await call('POST', '/api/battles', {
        as: alice,
        body: { participants: [{ builtin: 'spinner' }, { builtin: 'tracker' }], rulesVersion },
      });
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain(`unknown rules version ${rulesVersion}`);
    }
    const zero = await call('POST', '/api/battles', {
      as: alice,
      body: { participants: [{ builtin: 'spinner' }, { builtin: 'tracker' }], rulesVersion: 0 },
    });
    expect(zero.status).toBe(400); // the REST schema says minimum 1; only gRPC uses 0 for "default"
    const err = await grpc
      .createBattle({
        requestId: `rules:${randomUUID()}`,
        kind: 'tournament',
        participants: [{ builtin: 'spinner' }, { builtin: 'tracker' }],
        rulesVersion: 3,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect(await svc.ctx.db.selectFrom('battles').select('id').execute()).toHaveLength(before.length);
  });

  it('when CreateBattle (tournaments, rooms, challenges) asks for version 2, then the battle is v2', async () => {
    const battle = await grpc.createBattle({
      requestId: `rules:${randomUUID()}`,
      kind: 'tournament',
      participants: [{ builtin: 'sniper' }, { builtin: 'tracker' }],
      rounds: 1,
      rulesVersion: 2,
    });
    expect(battle.rulesVersion).toBe(2);
    const done = await finished(battle.id);
    expect(done).toMatchObject({ status: 'finished', rulesVersion: 2 });
  });
});
