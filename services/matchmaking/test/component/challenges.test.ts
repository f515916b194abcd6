import { httpClient, identityHeaders, needsPostgres, waitFor, type TestService } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { BattlesDouble, UsersDouble } from './doubles.js';
import { player as anyone, startMatchmaking, type User } from './setup.js';

const pg = await needsPostgres();

describe.skipIf(!pg)('challenges (real PostgreSQL and bus, battles over gRPC)', () => {
  let battles: BattlesDouble;
  let users: UsersDouble;
  let mm: TestService<Database>;
  let call: ReturnType<typeof httpClient>;
  let alice: User;
  let bob: User;
  let carol: User;

  /** A player registered with users, once matchmaking has learnt of them. */
  const player = async (displayName?: string): Promise<User> => {
    const user = anyone();
    await users.created(user.id, displayName);
    await waitFor(async () =>
      mm.ctx.db.selectFrom('players').select('id').where('id', '=', user.id).executeTakeFirst(),
    );
    return user;
  };

  beforeAll(async () => {
    battles = await new BattlesDouble().start();
    users = await new UsersDouble().start({
      BUS_DATABASE_URL: battles.env.BUS_DATABASE_URL!,
      BUS_PREFIX: battles.env.BUS_PREFIX!,
    });
    mm = await startMatchmaking(battles, { MATCHMAKING_CHALLENGES_PER_HOUR: '5' });
    call = httpClient(mm.url);
    alice = await player('Alice');
    bob = await player();
    carol = await player();
  });

  afterAll(async () => {
    await mm?.stop();
    await users?.stop();
    await battles?.stop();
  });

  const challenge = async (from = alice, to = bob, extra: object = {}) => {
    const res = await call('POST', '/api/challenges', {
      as: from,
      body: { opponentId: to.id, bot: battles.botOf(from), ...extra },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string; rules: unknown; ranked: boolean };
  };

  it('when a player challenges another, then 201 pending with default duel rules and challenge.created tells whom', async () => {
    const res = await call('POST', '/api/challenges', {
      as: alice,
      body: { opponentId: bob.id, bot: { local: true }, ranked: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      challengerId: alice.id,
      opponentId: bob.id,
      status: 'pending',
      ranked: true,
      rules: { mode: 'duel', rounds: 5, version: 1 },
      challengerBot: { local: true },
      opponentBot: null,
      battleId: null,
    });
    const hours = (Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)) / 3_600_000;
    expect(hours).toBe(24);
    const event = await mm.events.waitFor<{ challengeId: string; opponentId: string }>(
      'challenge.created',
      (e) => e.data.challengeId === res.body.id,
    );
    expect(event.data).toMatchObject({
      challengerId: alice.id,
      challengerName: 'Alice',
      opponentId: bob.id,
      ranked: true,
    });
  });

  it('when the opponent is unknown or deactivated, then 404/422 and nothing is sent', async () => {
    const ghost = await call('POST', '/api/challenges', {
      as: alice,
      body: { opponentId: anyone().id, bot: { local: true } },
    });
    expect(ghost.status).toBe(404);
    const gone = await player();
    await users.deactivated(gone.id);
    await waitFor(async () =>
      mm.ctx.db
        .selectFrom('players')
        .select('id')
        .where('id', '=', gone.id)
        .where('active', '=', false)
        .executeTakeFirst(),
    );
    const refused = await call('POST', '/api/challenges', {
      as: alice,
      body: { opponentId: gone.id, bot: { local: true } },
    });
    expect(refused.status).toBe(422);
    expect((await call('GET', `/api/challenges?role=received`, { as: gone })).body.items).toEqual([]);
  });

  it('when the request is anonymous, malformed, against oneself or with rules a duel cannot have, then 4xx problem+json', async () => {
    expect(
      (await call('POST', '/api/challenges', { body: { opponentId: bob.id, bot: { local: true } } })).status,
    ).toBe(401);
    const bothBots = await call('POST', '/api/challenges', {
      as: alice,
      body: { opponentId: bob.id, bot: { local: true, botVersionId: bob.id } },
    });
    expect(bothBots.status).toBe(400);
    const self = await call('POST', '/api/challenges', {
      as: carol,
      body: { opponentId: carol.id, bot: { local: true } },
    });
    expect(self.status).toBe(422);
    expect(self.contentType).toContain('application/problem+json');
    const ffa = await call('POST', '/api/challenges', {
      as: carol,
      body: { opponentId: bob.id, bot: { local: true }, rules: { mode: 'ffa' } },
    });
    expect(ffa.status).toBe(422);
    expect(ffa.body.detail).toContain('3 to 6 tanks');
    const unknownRules = await call('POST', '/api/challenges', {
      as: carol,
      body: { opponentId: bob.id, bot: { local: true }, rules: { version: 3 } },
    });
    expect(unknownRules.status).toBe(400);
    expect(unknownRules.contentType).toContain('application/problem+json');
    const sent = await call('GET', '/api/challenges?role=sent', { as: carol });
    expect(sent.body.items).toEqual([]);
  });

  it('when the opponent accepts, then the battle is created through CreateBattle and its id stored; challenge.accepted follows', async () => {
    const c = await challenge(alice, bob, { ranked: true, rules: { rounds: 3, version: 2 } });
    expect(c.rules).toEqual({ mode: 'duel', rounds: 3, version: 2 });
    const bobBot = battles.botOf(bob);
    const res = await call('POST', `/api/challenges/${c.id}/accept`, { as: bob, body: { bot: bobBot } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', opponentBot: bobBot, battleId: expect.any(String) });
    const [request] = battles.battlesOf(c.id);
    expect(request).toMatchObject({
      requestId: `challenge:${c.id}`,
      kind: 'challenge',
      ranked: true,
      contextId: c.id,
      mode: 'duel',
      rounds: 3,
      rulesVersion: 2,
    });
    expect(request!.participants.map((p) => [p.userId, p.botVersionId || 'local'])).toEqual([
      [alice.id, expect.any(String)],
      [bob.id, bobBot.botVersionId],
    ]);
    expect(res.body.battleId).toBe(battles.battleOf.get(`challenge:${c.id}`));
    const event = await mm.events.waitFor<{ challengeId: string; battleId: string }>(
      'challenge.accepted',
      (e) => e.data.challengeId === c.id,
    );
    expect(event.data.battleId).toBe(res.body.battleId);

    const again = await call('POST', `/api/challenges/${c.id}/accept`, { as: bob, body: { bot: bobBot } });
    expect(again.status).toBe(409);
    expect(battles.battlesOf(c.id)).toHaveLength(1);
  });

  it("when a challenge names someone else's bot version (issue 10: B challenges C with A's bot), then 403, nothing is stored and nobody is told", async () => {
    const alicesBot = battles.botOf(alice);
    const count = async () => (await mm.ctx.db.selectFrom('challenges').select('id').execute()).length;
    const before = await count();
    const res = await call('POST', '/api/challenges', {
      as: bob,
      body: { opponentId: carol.id, bot: alicesBot, ranked: true },
    });
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.title).toBe('Not your bot');
    expect(await count()).toBe(before);
    const unproven = battles.botOf(bob, false);
    const ranked = await call('POST', '/api/challenges', {
      as: bob,
      body: { opponentId: carol.id, bot: unproven, ranked: true },
    });
    expect(ranked.status).toBe(422);
    expect(await count()).toBe(before);
  });

  it("when the opponent accepts naming someone else's bot version, then 403, no battle is asked for and the challenge stays pending", async () => {
    const [challenger, opponent] = [await player(), await player()];
    const c = await challenge(challenger, opponent, { ranked: true });
    const res = await call('POST', `/api/challenges/${c.id}/accept`, {
      as: opponent,
      body: { bot: battles.botOf(carol) },
    });
    expect(res.status).toBe(403);
    expect(battles.battlesOf(c.id)).toEqual([]);
    expect((await call('GET', `/api/challenges/${c.id}`, { as: opponent })).body).toMatchObject({
      status: 'pending',
      battleId: null,
    });
  });

  it('when someone other than the opponent answers, then the challenger gets 403 and a stranger 404', async () => {
    const c = await challenge(alice, bob);
    expect((await call('POST', `/api/challenges/${c.id}/decline`, { as: alice })).status).toBe(403);
    const stranger = await call('POST', `/api/challenges/${c.id}/accept`, {
      as: carol,
      body: { bot: { local: true } },
    });
    expect(stranger.status).toBe(404);
    expect((await call('GET', `/api/challenges/${c.id}`, { as: carol })).status).toBe(404);
    expect((await call('GET', `/api/challenges/${c.id}`, { as: bob })).body.status).toBe('pending');
  });

  it('when the opponent declines, then no battle is made, challenge.declined is published and it cannot be accepted later', async () => {
    const c = await challenge(alice, bob);
    const res = await call('POST', `/api/challenges/${c.id}/decline`, { as: bob });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', battleId: null, decidedAt: expect.any(String) });
    await mm.events.waitFor<{ challengeId: string }>(
      'challenge.declined',
      (e) => e.data.challengeId === c.id,
    );
    const late = await call('POST', `/api/challenges/${c.id}/accept`, {
      as: bob,
      body: { bot: { local: true } },
    });
    expect(late.status).toBe(409);
    expect(late.body.challengeStatus).toBe('declined');
    expect(battles.battlesOf(c.id)).toEqual([]);
  });

  it('when battles is down or refuses the bot, then accepting fails with 503/404 and the challenge stays pending', async () => {
    const c = await challenge(alice, bob);
    battles.unavailable = true;
    try {
      const down = await call('POST', `/api/challenges/${c.id}/accept`, {
        as: bob,
        body: { bot: { local: true } },
      });
      expect(down.status).toBe(503);
      expect(down.contentType).toContain('application/problem+json');
    } finally {
      battles.unavailable = false;
    }
    const unknown = battles.botOf(bob);
    battles.unknownBots.add(unknown.botVersionId);
    const refused = await call('POST', `/api/challenges/${c.id}/accept`, { as: bob, body: { bot: unknown } });
    expect(refused.status).toBe(404);
    expect((await call('GET', `/api/challenges/${c.id}`, { as: bob })).body).toMatchObject({
      status: 'pending',
      battleId: null,
    });
    const ok = await call('POST', `/api/challenges/${c.id}/accept`, {
      as: bob,
      body: { bot: { local: true } },
    });
    expect(ok.status).toBe(200);
  });

  it("when listing, then role and status filter the caller's own challenges only", async () => {
    const dave = await player();
    const erin = await player();
    const pending = await challenge(dave, erin);
    const declined = await challenge(erin, dave);
    await call('POST', `/api/challenges/${declined.id}/decline`, { as: dave });
    const received = await call('GET', '/api/challenges?role=received', { as: erin });
    expect(received.body.items.map((c: { id: string }) => c.id)).toEqual([pending.id]);
    const sent = await call('GET', '/api/challenges?role=sent&status=declined', { as: erin });
    expect(sent.body.items.map((c: { id: string }) => c.id)).toEqual([declined.id]);
    const all = await call('GET', '/api/challenges?status=pending', { as: dave });
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([pending.id]);
    expect((await call('GET', '/api/challenges?role=everyone', { as: dave })).status).toBe(400);
  });

  it('when a player sends more challenges in an hour than allowed, then 429 problem+json with Retry-After and nothing is stored', async () => {
    const spammer = await player();
    for (let i = 0; i < 5; i++) await challenge(spammer, await player());
    const res = await fetch(`${mm.url}/api/challenges`, {
      method: 'POST',
      headers: { ...identityHeaders(spammer.id, spammer.roles), 'content-type': 'application/json' },
      body: JSON.stringify({ opponentId: bob.id, bot: { local: true } }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const sent = await call('GET', '/api/challenges?role=sent', { as: spammer });
    expect(sent.body.items).toHaveLength(5);
    // the limit is per user: someone else may still challenge
    await challenge(await player(), bob);
  });

  describe('expiry', () => {
    let shortLived: TestService<Database>;
    beforeAll(async () => {
      // a second instance on the same database (and bus queue), sending challenges that live 1 s
      shortLived = await startMatchmaking(battles, { MATCHMAKING_CHALLENGE_TTL_S: '1' }, mm);
    });
    afterAll(async () => shortLived?.stop());

    it('when nobody answers in time, then the challenge expires once (challenge.expired) and can no longer be accepted', async () => {
      const short = httpClient(shortLived.url);
      const res = await short('POST', '/api/challenges', {
        as: alice,
        body: { opponentId: bob.id, bot: { local: true } },
      });
      expect(res.status).toBe(201);
      const expired = await shortLived.events.waitFor<{ challengeId: string }>(
        'challenge.expired',
        (e) => e.data.challengeId === res.body.id,
        { timeoutMs: 15_000 },
      );
      expect(expired.data).toMatchObject({ challengerId: alice.id, opponentId: bob.id });
      const row = await shortLived.ctx.db
        .selectFrom('challenges')
        .select('status')
        .where('id', '=', res.body.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('expired');
      const late = await short('POST', `/api/challenges/${res.body.id}/accept`, {
        as: bob,
        body: { bot: { local: true } },
      });
      expect(late.status).toBe(409);
      expect(late.body.challengeStatus).toBe('expired');
      const listed = await short('GET', '/api/challenges?role=received&status=expired', { as: bob });
      expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
      expect(
        shortLived.events.events.filter(
          (e) =>
            e.type === 'challenge.expired' && (e.data as { challengeId: string }).challengeId === res.body.id,
        ),
      ).toHaveLength(1);
    });
  });
});
