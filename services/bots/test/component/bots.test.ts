import { randomUUID } from 'node:crypto';
import { ConnectError, Code, type Client } from '@connectrpc/connect';
import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { BUILTIN_BOTS } from '@garrison/game';
import { sql } from '@garrison/kit';
import {
  grpcTestClient,
  httpClient,
  needsPostgres,
  onTheBusOf,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { botsService } from '../../src/service.js';
import { BattlesDouble, type FinishedSide } from './battles-double.js';

const pg = await needsPostgres();

const GOOD_JS = 'export default { onTick() { return { speed: 8, bodyTurn: 5, radarTurn: 45 }; } };';
const GOOD_TS =
  'interface Out { speed: number }\nconst bot = { onTick(): Out { return { speed: 4 }; } };\nexport default bot;';
const THROWS = 'export default { onTick() { throw new Error("boom"); } };';

type User = { id: string; roles: string[] };
const player = (): User => ({ id: randomUUID(), roles: ['player'] });

describe.skipIf(!pg)('bots service (real PostgreSQL, sandbox validation, battles over gRPC + bus)', () => {
  let battles: BattlesDouble;
  let bots: TestService<Database>;
  let call: ReturnType<typeof httpClient>;
  let grpc: Client<typeof BotsService>;
  let closeGrpc = () => {};
  const alice = player();
  const bob = player();

  beforeAll(async () => {
    battles = await new BattlesDouble().start();
    // bots consumes battles' events from the same bus and finds its gRPC through discovery
    bots = await startTestService(botsService, {
      env: {
        ...onTheBusOf(battles),
        GARRISON_SERVICES: JSON.stringify({ battles: { grpc: battles.grpcUrl } }),
        // These tests are about verdicts, not the bound: a loaded test machine must not trip it.
        BOTS_VALIDATION_TIMEOUT_MS: '60000',
      },
    });
    call = httpClient(bots.url);
    ({ client: grpc, close: closeGrpc } = grpcTestClient(BotsService, bots.grpcUrl!));
  });

  afterAll(async () => {
    closeGrpc();
    await bots?.stop();
    await battles?.stop();
  });

  const newBot = async (as: User, name: string) => {
    const res = await call('POST', '/api/bots', { as, body: { name } });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; ownerId: string };
  };
  const upload = async (as: User, botId: string, source: string, language = 'js') => {
    const res = await call('POST', `/api/bots/${botId}/versions`, { as, body: { source, language } });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; status: string; error?: string };
  };
  const versionRow = (id: string) =>
    bots.ctx.db.selectFrom('bot_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const counts = async () => ({
    bots: (await bots.ctx.db.selectFrom('bots').select('id').execute()).length,
    versions: (await bots.ctx.db.selectFrom('bot_versions').select('id').execute()).length,
  });

  describe('registering bots', () => {
    it('when a signed-in user registers a bot, then 201 {id, name, ownerId} and bot.created is published', async () => {
      const res = await call('POST', '/api/bots', { as: alice, body: { name: 'Rammer' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Rammer',
        ownerId: alice.id,
        builtin: false,
        activeVersion: null,
      });
      const event = await bots.events.waitFor<{ botId: string }>(
        'bot.created',
        (e) => e.data.botId === res.body.id,
      );
      expect(event.data).toMatchObject({ name: 'Rammer', ownerId: alice.id });
    });

    it('when the request is anonymous, the name is bad or already taken by the owner, then 4xx problem+json and nothing is stored', async () => {
      const before = await counts();
      const anonymous = await call('POST', '/api/bots', { body: { name: 'Ghost' } });
      expect(anonymous.status).toBe(401);
      const bad = await call('POST', '/api/bots', { as: alice, body: { name: 'no;semicolons' } });
      expect(bad.status).toBe(422);
      expect(bad.contentType).toContain('application/problem+json');
      const missing = await call('POST', '/api/bots', { as: alice, body: {} });
      expect(missing.status).toBe(400);
      const extra = await call('POST', '/api/bots', { as: alice, body: { name: 'X', ownerId: bob.id } });
      expect(extra.status).toBe(400);
      const taken = await call('POST', '/api/bots', { as: alice, body: { name: 'rammer' } });
      expect(taken.status).toBe(409);
      expect(taken.contentType).toContain('application/problem+json');
      expect(await counts()).toEqual(before);
      // another owner may use the same name
      await newBot(bob, 'Rammer');
    });
  });

  describe('uploading versions', () => {
    let botId: string;
    beforeAll(async () => {
      botId = (await newBot(alice, 'Uploader')).id;
    });

    it('when the owner uploads a working bot, then it is stored valid as version 1, becomes active as the first valid version, and bot.version-uploaded is published', async () => {
      const v1 = await upload(alice, botId, GOOD_JS);
      expect(v1).toEqual({
        id: expect.any(String),
        botId,
        version: 1,
        status: 'valid',
        language: 'js',
        createdAt: expect.any(String),
        active: true,
        rankedEligible: true,
      });
      const event = await bots.events.waitFor<{ botVersionId: string }>(
        'bot.version-uploaded',
        (e) => e.data.botVersionId === v1.id,
      );
      expect(event.data).toMatchObject({
        botId,
        ownerId: alice.id,
        version: 1,
        status: 'valid',
        error: null,
      });
    });

    it('when a version throws every tick or does not compile, then it is stored invalid with the reason', async () => {
      const throws = await upload(alice, botId, THROWS);
      expect(throws).toMatchObject({ version: 2, status: 'invalid' });
      expect(throws.error).toContain('boom');
      const broken = await upload(alice, botId, 'export default { onTick( {');
      expect(broken).toMatchObject({ version: 3, status: 'invalid' });
      expect(broken.error).toContain('does not compile');
      expect((await versionRow(broken.id)).compiled_js).toBeNull();
    });

    it('when a TypeScript version is uploaded, then it is valid and the sandbox gets it as JavaScript', async () => {
      const v = await upload(alice, botId, GOOD_TS, 'ts');
      expect(v).toMatchObject({ version: 4, status: 'valid', language: 'ts', active: false });
      const row = await versionRow(v.id);
      expect(row.source).toBe(GOOD_TS);
      expect(row.compiled_js).not.toContain('interface');
      expect(row.compiled_js).toContain('export');
    });

    it('when the source is over 256 KiB, then 413 problem+json and nothing is stored', async () => {
      const before = await counts();
      const big = `${GOOD_JS}\n//${'x'.repeat(256 * 1024)}`;
      const res = await call('POST', `/api/bots/${botId}/versions`, {
        as: alice,
        body: { source: big, language: 'js' },
      });
      expect(res.status).toBe(413);
      expect(res.contentType).toContain('application/problem+json');
      // 256 KiB of 2-byte characters is 512 KiB of UTF-8: the limit counts bytes
      const wide = `${GOOD_JS}\n//${'é'.repeat(128 * 1024)}`;
      expect(
        (
          await call('POST', `/api/bots/${botId}/versions`, {
            as: alice,
            body: { source: wide, language: 'js' },
          })
        ).status,
      ).toBe(413);
      expect(await counts()).toEqual(before);
    });

    it('when someone else uploads, the bot is unknown or the language is wrong, then 4xx and nothing is stored', async () => {
      const before = await counts();
      const stranger = await call('POST', `/api/bots/${botId}/versions`, {
        as: bob,
        body: { source: GOOD_JS, language: 'js' },
      });
      expect(stranger.status).toBe(403);
      const unknown = await call('POST', `/api/bots/${randomUUID()}/versions`, {
        as: alice,
        body: { source: GOOD_JS, language: 'js' },
      });
      expect(unknown.status).toBe(404);
      const python = await call('POST', `/api/bots/${botId}/versions`, {
        as: alice,
        body: { source: GOOD_JS, language: 'py' },
      });
      expect(python.status).toBe(400);
      const empty = await call('POST', `/api/bots/${botId}/versions`, {
        as: alice,
        body: { source: '', language: 'js' },
      });
      expect(empty.status).toBe(400);
      const badId = await call('POST', '/api/bots/not-a-uuid/versions', {
        as: alice,
        body: { source: GOOD_JS, language: 'js' },
      });
      expect(badId.status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('when anyone lists the versions, then they come newest first without source; only the owner reads one with its source', async () => {
      const list = await call('GET', `/api/bots/${botId}/versions`, { as: bob });
      expect(list.status).toBe(200);
      expect(list.body.items.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
      expect(list.body.items[1]).toMatchObject({
        status: 'invalid',
        error: expect.stringContaining('does not compile'),
      });
      expect(JSON.stringify(list.body)).not.toContain('onTick');

      const mine = await call('GET', `/api/bots/${botId}/versions/1`, { as: alice });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ version: 1, source: GOOD_JS });
      const byId = await call('GET', `/api/bots/${botId}/versions/${mine.body.id}`, { as: alice });
      expect(byId.body).toMatchObject({ version: 1, source: GOOD_JS });
      const theirs = await call('GET', `/api/bots/${botId}/versions/1`, { as: bob });
      expect(theirs.status).toBe(403);
      expect(theirs.contentType).toContain('application/problem+json');
      expect((await call('GET', `/api/bots/${botId}/versions/99`, { as: alice })).status).toBe(404);
      expect((await call('GET', `/api/bots/${botId}/versions/zero`, { as: alice })).status).toBe(400);
    });
  });

  describe('listing bots', () => {
    it('when listing by owner, by "builtin" or everything, then the built-ins come with builtin: true and no owner', async () => {
      const carol = player();
      const a = await newBot(carol, 'First');
      const b = await newBot(carol, 'Second');
      const mine = await call('GET', `/api/bots?owner=${carol.id}`, { as: bob });
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([a.id, b.id]);
      expect(mine.body.items[0]).toMatchObject({
        ownerId: carol.id,
        activeVersion: null,
        activeVersionId: null,
        createdAt: expect.any(String),
      });

      const builtins = await call('GET', '/api/bots?owner=builtin', { as: bob });
      expect(builtins.body.items.map((i: { name: string }) => i.name)).toEqual([...BUILTIN_BOTS]);
      expect(builtins.body.items[2]).toMatchObject({
        id: 'builtin:tracker',
        builtin: true,
        ownerId: null,
        rankedEligible: true,
      });

      const all = await call('GET', '/api/bots?limit=1', { as: bob });
      // the built-ins always come first, then one page (limit 1) of the players' bots
      const n = BUILTIN_BOTS.length;
      expect(all.body.items.slice(0, n).every((i: { builtin: boolean }) => i.builtin)).toBe(true);
      expect(all.body.items).toHaveLength(n + 1);
      expect(all.body.nextCursor).toEqual(expect.any(String));
      const next = await call('GET', `/api/bots?limit=1&cursor=${all.body.nextCursor}`, { as: bob });
      expect(next.body.items).toHaveLength(1);
      expect(next.body.items[0].builtin).toBe(false);
      expect(next.body.items[0].id).not.toBe(all.body.items[n].id);

      expect((await call('GET', '/api/bots?owner=someone', { as: bob })).status).toBe(400);
      expect((await call('GET', '/api/bots?cursor=abc', { as: bob })).status).toBe(400);
    });
  });

  describe('the first valid version', () => {
    it('when a bot has no active version, then its first valid upload becomes active and ranked-eligible, an invalid one never, a later one not by itself', async () => {
      const botId = (await newBot(alice, 'Newcomer')).id;
      const broken = await upload(alice, botId, THROWS);
      expect(broken).toMatchObject({ status: 'invalid', active: false, rankedEligible: false });
      expect((await call('GET', `/api/bots/${botId}`, { as: alice })).body).toMatchObject({
        activeVersionId: null,
      });

      const good = await upload(alice, botId, GOOD_JS);
      expect(good).toMatchObject({ version: 2, status: 'valid', active: true, rankedEligible: true });
      const event = await bots.events.waitFor<{ botVersionId: string }>(
        'bot.version-activated',
        (e) => e.data.botVersionId === good.id,
      );
      expect(event.data).toMatchObject({ botId, previousVersionId: null, rankedEligible: true, gate: null });
      expect(battles.battlesOf(`gate:${good.id}`)).toEqual([]);

      const later = await upload(alice, botId, GOOD_TS, 'ts');
      expect(later).toMatchObject({ version: 3, status: 'valid', active: false, rankedEligible: false });
      expect((await call('GET', `/api/bots/${botId}`, { as: alice })).body).toMatchObject({
        activeVersion: 2,
        activeVersionId: good.id,
      });
    });
  });

  describe('activation and the regression gate', () => {
    let botId: string;
    let v1: { id: string };
    let v2: { id: string };
    const gateOf = (versionId: string) => `gate:${versionId}`;

    beforeAll(async () => {
      botId = (await newBot(alice, 'Gated')).id;
      v1 = await upload(alice, botId, GOOD_JS);
      v2 = await upload(alice, botId, GOOD_TS, 'ts');
    });

    /** The candidate wins the duels listed in `won` (1-based duel numbers), loses the others. */
    const playGate = async (candidate: string, won: number[], only?: number[]) => {
      const duels = battles.battlesOf(gateOf(candidate));
      for (const { battleId, request } of duels) {
        const n = Number(request.requestId.split(':').pop());
        if (only && !only.includes(n)) continue;
        const sides: FinishedSide[] = request.participants.map((p) => {
          const isCandidate = p.botVersionId === candidate;
          return {
            userId: p.userId || null,
            botVersionId: p.botVersionId || null,
            builtin: p.builtin || null,
            place: isCandidate === won.includes(n) ? 1 : 2,
          };
        });
        await battles.finish(battleId, gateOf(candidate), sides);
      }
    };

    it('when the first version is activated (it already is, being the first valid upload), then it is active and ranked-eligible, with no gate battles', async () => {
      const res = await call('POST', `/api/bots/${botId}/versions/1/activate`, { as: alice });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: v1.id, active: true, rankedEligible: true });
      expect(res.body.gate).toBeUndefined();
      const event = await bots.events.waitFor<{ botVersionId: string }>(
        'bot.version-activated',
        (e) => e.data.botVersionId === v1.id,
      );
      expect(event.data).toMatchObject({ previousVersionId: null, rankedEligible: true, gate: null });
      const bot = await call('GET', `/api/bots/${botId}`, { as: bob });
      expect(bot.body).toMatchObject({ activeVersion: 1, activeVersionId: v1.id, rankedEligible: true });
      expect(battles.battlesOf(gateOf(v1.id))).toEqual([]);
    });

    it('when activation is refused (stranger, invalid version, unknown version), then nothing changes', async () => {
      const bad = await upload(alice, botId, THROWS);
      expect((await call('POST', `/api/bots/${botId}/versions/2/activate`, { as: bob })).status).toBe(403);
      const invalid = await call('POST', `/api/bots/${botId}/versions/${bad.version}/activate`, {
        as: alice,
      });
      expect(invalid.status).toBe(409);
      expect(invalid.contentType).toContain('application/problem+json');
      expect((await call('POST', `/api/bots/${botId}/versions/42/activate`, { as: alice })).status).toBe(404);
      const bot = await call('GET', `/api/bots/${botId}`, { as: alice });
      expect(bot.body.activeVersionId).toBe(v1.id);
      expect(
        await bots.ctx.db
          .selectFrom('gates')
          .select('bot_version_id')
          .where('bot_version_id', '=', bad.id)
          .execute(),
      ).toEqual([]);
    });

    it('when a later version is activated, then its gate creates 10 practice duels on battles: 4 vs the previous version, 3 vs tracker, 3 vs sniper', async () => {
      const res = await call('POST', `/api/bots/${botId}/versions/2/activate`, { as: alice });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: v2.id,
        active: true,
        rankedEligible: false,
        gate: { status: 'running', wins: 0, played: 0, total: 10, baselineVersionId: v1.id },
      });
      const duels = await waitFor(async () => {
        const created = battles.battlesOf(gateOf(v2.id));
        return created.length === 10 ? created : undefined;
      });
      for (const { request } of duels) {
        expect(request).toMatchObject({
          kind: 'practice',
          mode: 'duel',
          rounds: 1,
          ranked: false,
          contextId: gateOf(v2.id),
        });
        expect(request.seed).toBeGreaterThan(0);
        expect(
          request.participants.filter((p) => p.botVersionId === v2.id && p.userId === alice.id),
        ).toHaveLength(1);
      }
      const opponents = duels
        .map(({ request }) => request.participants.find((p) => p.botVersionId !== v2.id)!)
        .map((p) => p.builtin || p.botVersionId);
      expect(opponents.sort()).toEqual(
        [v1.id, v1.id, v1.id, v1.id, 'sniper', 'sniper', 'sniper', 'tracker', 'tracker', 'tracker'].sort(),
      );
      expect(new Set(duels.map((d) => d.request.requestId)).size).toBe(10);
      await waitFor(
        async () =>
          (
            await bots.ctx.db
              .selectFrom('gate_duels')
              .select('n')
              .where('bot_version_id', '=', v2.id)
              .execute()
          ).length === 10,
      );
      const previous = await call('GET', `/api/bots/${botId}/versions/1`, { as: alice });
      expect(previous.body).toMatchObject({ active: false, rankedEligible: true });
    });

    it('when the candidate wins 4 duels, then the gate passes, the version becomes ranked-eligible and bot.gate-finished is published once', async () => {
      // duels 1–3 won, 5–6 lost: still open; a repeated event does not count twice
      await playGate(v2.id, [1, 2, 3], [1, 2, 3, 5, 6]);
      await playGate(v2.id, [1], [1]);
      await waitFor(
        async () =>
          (await call('GET', `/api/bots/${botId}/versions`, { as: bob })).body.items.find(
            (v: { id: string }) => v.id === v2.id,
          ).gate.played === 5,
      );
      const midway = await call('GET', `/api/bots/${botId}/versions/2`, { as: alice });
      expect(midway.body).toMatchObject({
        rankedEligible: false,
        gate: { status: 'running', wins: 3, played: 5 },
      });

      await playGate(v2.id, [4], [4]);
      const finished = await bots.events.waitFor<{ botVersionId: string }>(
        'bot.gate-finished',
        (e) => e.data.botVersionId === v2.id,
      );
      expect(finished.data).toMatchObject({
        status: 'passed',
        wins: 4,
        played: 6,
        total: 10,
        rankedEligible: true,
        ownerId: alice.id,
      });
      const passed = await call('GET', `/api/bots/${botId}/versions/2`, { as: alice });
      expect(passed.body).toMatchObject({
        rankedEligible: true,
        gate: { status: 'passed', wins: 4, played: 6 },
      });

      // the rest still count, the verdict stands, nothing is published again
      await playGate(v2.id, [], [7, 8, 9, 10]);
      await waitFor(
        async () =>
          (await call('GET', `/api/bots/${botId}/versions/2`, { as: alice })).body.gate.played === 10,
      );
      const after = await call('GET', `/api/bots/${botId}/versions/2`, { as: alice });
      expect(after.body.gate).toMatchObject({ status: 'passed', wins: 4, played: 10 });
      expect(
        bots.events.events.filter(
          (e) =>
            e.type === 'bot.gate-finished' && (e.data as { botVersionId: string }).botVersionId === v2.id,
        ),
      ).toHaveLength(1);
    });

    it('when the candidate loses too often (cancelled duels count as not won), then the gate fails and the version stays unranked', async () => {
      const v = await upload(alice, botId, GOOD_JS.replace('speed: 8', 'speed: 9'));
      const res = await call('POST', `/api/bots/${botId}/versions/${v.id}/activate`, { as: alice });
      expect(res.body.gate).toMatchObject({ status: 'running', baselineVersionId: v2.id });
      const duels = await waitFor(async () => {
        const created = battles.battlesOf(gateOf(v.id));
        return created.length === 10 ? created : undefined;
      });
      // 6 lost + 1 cancelled: 3 left cannot reach 4 wins
      await playGate(v.id, [], [1, 2, 3, 4, 5, 6]);
      const seventh = duels.find((d) => d.request.requestId.endsWith(':7'))!;
      await battles.cancel(seventh.battleId, gateOf(v.id), [
        { userId: alice.id, botVersionId: v.id, builtin: null, place: 0 },
        { userId: null, botVersionId: null, builtin: 'tracker', place: 0 },
      ]);
      const finished = await bots.events.waitFor<{ botVersionId: string }>(
        'bot.gate-finished',
        (e) => e.data.botVersionId === v.id,
      );
      expect(finished.data).toMatchObject({ status: 'failed', wins: 0, played: 7, rankedEligible: false });
      const bot = await call('GET', `/api/bots/${botId}`, { as: bob });
      expect(bot.body).toMatchObject({ activeVersionId: v.id, rankedEligible: false });
    });

    it('when a version with a decided gate is activated again, then no new gate runs and its verdict stands', async () => {
      const before = battles.requests.length;
      const res = await call('POST', `/api/bots/${botId}/versions/2/activate`, { as: alice });
      expect(res.body).toMatchObject({ active: true, rankedEligible: true, gate: { status: 'passed' } });
      const again = await call('POST', `/api/bots/${botId}/versions/2/activate`, { as: alice });
      expect(again.status).toBe(200);
      expect(again.body.active).toBe(true);
      expect(battles.requests.length).toBe(before);
    });

    it('when battles is unreachable at activation, then the gate waits and its duels are created once battles is back', async () => {
      const owner = player();
      const id = (await newBot(owner, 'Patient')).id;
      await upload(owner, id, GOOD_JS);
      const second = await upload(owner, id, GOOD_TS, 'ts');
      await call('POST', `/api/bots/${id}/versions/1/activate`, { as: owner });
      battles.unavailable = true;
      const res = await call('POST', `/api/bots/${id}/versions/2/activate`, { as: owner });
      expect(res.status).toBe(200);
      expect(res.body.gate.status).toBe('running');
      // the worker's first attempt fails against the unavailable double (retried with backoff)
      const refusedBefore = battles.refused;
      await waitFor(async () => battles.refused > refusedBefore);
      expect(
        await bots.ctx.db
          .selectFrom('gate_duels')
          .select('n')
          .where('bot_version_id', '=', second.id)
          .execute(),
      ).toEqual([]);
      battles.unavailable = false;
      await waitFor(async () => battles.battlesOf(gateOf(second.id)).length === 10, { timeoutMs: 20_000 });
    });

    it('when a battle of some other context finishes, then it is consumed and no gate changes', async () => {
      const gatesBefore = await bots.ctx.db
        .selectFrom('gates')
        .selectAll()
        .orderBy('bot_version_id')
        .execute();
      const resultsBefore = await bots.ctx.db.selectFrom('gate_results').select('battle_id').execute();
      const eventId = await battles.finish(randomUUID(), 'tournament:42', [
        { userId: alice.id, botVersionId: v2.id, builtin: null, place: 1 },
        { userId: null, botVersionId: null, builtin: 'tracker', place: 2 },
      ]);
      // the kit's inbox records the event once its handler has committed
      await waitFor(async () => {
        const { rows } = await sql`SELECT 1 FROM kit_inbox WHERE event_id = ${eventId}`.execute(bots.ctx.db);
        return rows.length > 0;
      });
      expect(await bots.ctx.db.selectFrom('gate_results').select('battle_id').execute()).toHaveLength(
        resultsBefore.length,
      );
      expect(await bots.ctx.db.selectFrom('gates').selectAll().orderBy('bot_version_id').execute()).toEqual(
        gatesBefore,
      );
    });
  });

  describe('internal gRPC', () => {
    it('when battles asks for a valid version, then it gets the source, the JavaScript to load and the registry facts', async () => {
      const id = (await newBot(bob, 'Served')).id;
      const v = await upload(bob, id, GOOD_TS, 'ts');
      await call('POST', `/api/bots/${id}/versions/1/activate`, { as: bob });
      const source = await grpc.getBotSource({ botVersionId: v.id });
      expect(source.language).toBe('ts');
      expect(source.source).toBe(GOOD_TS);
      expect(source.compiledJs).not.toContain('interface');
      expect(source.version).toMatchObject({
        botVersionId: v.id,
        botId: id,
        ownerId: bob.id,
        botName: 'Served',
        version: 1,
        status: 'valid',
        rankedEligible: true,
        active: true,
      });
      const facts = await grpc.getBotVersion({ botVersionId: v.id });
      expect(facts).toMatchObject({ botVersionId: v.id, rankedEligible: true, active: true });
    });

    it('when the version is invalid, unknown or not a UUID, then FAILED_PRECONDITION, NOT_FOUND, INVALID_ARGUMENT', async () => {
      const id = (await newBot(bob, 'Broken')).id;
      const bad = await upload(bob, id, THROWS);
      const codeOf = async (p: Promise<unknown>) => {
        try {
          await p;
          return 'ok';
        } catch (err) {
          return Code[ConnectError.from(err).code];
        }
      };
      expect(await codeOf(grpc.getBotSource({ botVersionId: bad.id }))).toBe('FailedPrecondition');
      expect(await codeOf(grpc.getBotVersion({ botVersionId: bad.id }))).toBe('ok');
      expect(await codeOf(grpc.getBotSource({ botVersionId: randomUUID() }))).toBe('NotFound');
      expect(await codeOf(grpc.getBotVersion({ botVersionId: 'nope' }))).toBe('InvalidArgument');
    });
  });
});
