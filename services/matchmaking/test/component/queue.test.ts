import { sql } from '@garrison/kit';
import { httpClient, needsPostgres, waitFor, type TestService } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { BattlesDouble, RatingsDouble } from './doubles.js';
import { player, startMatchmaking, type User } from './setup.js';

const pg = await needsPostgres();

type Status = {
  status: string;
  matchId?: string;
  opponentId?: string;
  battleId?: string | null;
  rating?: number;
  window?: number;
  reason?: string;
};
type MatchFound = {
  matchId: string;
  battleId: string;
  players: Array<{ userId: string; rating: number; opponentId: string }>;
};

describe.skipIf(!pg)('auto-search (two instances pairing one queue, ratings from rating.changed)', () => {
  let battles: BattlesDouble;
  let ratings: RatingsDouble;
  let one: TestService<Database>;
  let two: TestService<Database>;
  let call: ReturnType<typeof httpClient>;
  let callTwo: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    battles = await new BattlesDouble().start();
    ratings = await new RatingsDouble().start({
      BUS_DATABASE_URL: battles.env.BUS_DATABASE_URL!,
      BUS_PREFIX: battles.env.BUS_PREFIX!,
    });
    one = await startMatchmaking(battles);
    two = await startMatchmaking(battles, {}, one);
    call = httpClient(one.url);
    callTwo = httpClient(two.url);
  });

  afterAll(async () => {
    await two?.stop();
    await one?.stop();
    await ratings?.stop();
    await battles?.stop();
  });

  const rated = async (conservative: number): Promise<User> => {
    const user = player();
    await ratings.rate(user.id, conservative);
    await waitFor(async () =>
      one.ctx.db
        .selectFrom('skill_ratings')
        .select('user_id')
        .where('user_id', '=', user.id)
        .executeTakeFirst(),
    );
    return user;
  };
  const search = async (user: User, bot: object = { local: true }) => {
    const res = await call('POST', '/api/matchmaking/queue', { as: user, body: { bot } });
    expect(res.status).toBe(200);
    return res.body as Status;
  };
  const statusOf = async (user: User) =>
    (await callTwo('GET', '/api/matchmaking/queue', { as: user })).body as Status;
  const matchOf = (user: User) =>
    one.events.waitFor<MatchFound>('match.found', (e) => e.data.players.some((p) => p.userId === user.id), {
      timeoutMs: 15_000,
    });

  it('when a player has never searched, then the status is idle; bad bodies are 400', async () => {
    const nobody = player();
    expect(await statusOf(nobody)).toEqual({ status: 'idle' });
    expect((await call('POST', '/api/matchmaking/queue', { as: nobody, body: { bot: {} } })).status).toBe(
      400,
    );
    expect((await call('POST', '/api/matchmaking/queue', { body: { bot: { local: true } } })).status).toBe(
      401,
    );
  });

  it('when two players of close rating search, then they are paired once into a ranked matchmaking battle pushed to both', async () => {
    const ann = await rated(1000);
    const ben = await rated(1060);
    const far = await rated(2500);
    const annBot = battles.botOf(ann);
    const first = await search(ann, annBot);
    expect(first).toMatchObject({ status: 'searching', rating: 1000, window: 100 });
    await search(far);
    await search(ben);

    const found = await matchOf(ann);
    expect(found.data.players).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: ann.id, rating: 1000, opponentId: ben.id }),
        expect.objectContaining({ userId: ben.id, rating: 1060, opponentId: ann.id }),
      ]),
    );
    const [request, ...more] = battles.battlesOf(found.data.matchId);
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      requestId: `matchmaking:${found.data.matchId}`,
      kind: 'matchmaking',
      ranked: true,
      mode: 'duel',
      rounds: 5,
    });
    expect(request!.participants.find((p) => p.userId === ann.id)!.botVersionId).toBe(annBot.botVersionId);
    expect(found.data.battleId).toBe(battles.battleOf.get(request!.requestId));

    expect(await statusOf(ann)).toMatchObject({
      status: 'matched',
      matchId: found.data.matchId,
      opponentId: ben.id,
      battleId: found.data.battleId,
    });
    expect(await statusOf(far)).toMatchObject({ status: 'searching', rating: 2500 });
    expect((await call('DELETE', '/api/matchmaking/queue', { as: far })).body).toEqual({ status: 'idle' });
    expect(
      one.events.events.filter(
        (e) => e.type === 'match.found' && (e.data as MatchFound).matchId === found.data.matchId,
      ),
    ).toHaveLength(1);
  });

  it("when a player searches with someone else's bot version, or one not allowed ranked, then 403/422 and they are not queued", async () => {
    const [owner, thief] = [player(), player()];
    const stolen = await call('POST', '/api/matchmaking/queue', {
      as: thief,
      body: { bot: battles.botOf(owner) },
    });
    expect(stolen.status).toBe(403);
    expect(stolen.contentType).toContain('application/problem+json');
    const unproven = await call('POST', '/api/matchmaking/queue', {
      as: thief,
      body: { bot: battles.botOf(thief, false) },
    });
    expect(unproven.status).toBe(422);
    expect(await statusOf(thief)).toEqual({ status: 'idle' });
  });

  it('when ratings never mentioned a player, then the default conservative rating is used', async () => {
    const newcomer = player();
    expect(await search(newcomer)).toMatchObject({ status: 'searching', rating: 800 });
    await call('DELETE', '/api/matchmaking/queue', { as: newcomer });
  });

  it('when the previous opponents search again, then a third player in range is preferred over the rematch', async () => {
    const kim = await rated(1200);
    const lou = await rated(1210);
    await search(kim);
    await search(lou);
    await matchOf(kim);
    await search(kim);
    await search(lou);
    const max = await rated(1190);
    await search(max);
    const second = await matchOf(max);
    const pairedWith = second.data.players.find((p) => p.userId === max.id)!.opponentId;
    expect([kim.id, lou.id]).toContain(pairedWith);
    const leftOver = pairedWith === kim.id ? lou : kim;
    expect(await statusOf(leftOver)).toMatchObject({ status: 'searching' });
    await call('DELETE', '/api/matchmaking/queue', { as: leftOver });
  });

  it('when battles refuses a matched bot, then the match is marked refused (not retried forever) and both players see why', async () => {
    const pia = await rated(3000);
    const bad = battles.botOf(pia);
    battles.unknownBots.add(bad.botVersionId);
    const quin = await rated(3010);
    await search(pia, bad);
    await search(quin);
    const refused = await waitFor(
      async () => {
        const s = await statusOf(quin);
        return s.status === 'refused' ? s : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(refused.reason).toContain(bad.botVersionId);
    expect(await statusOf(pia)).toMatchObject({ status: 'refused', matchId: refused.matchId });
    expect(battles.battlesOf(refused.matchId!)).toEqual([]);
    // searching again starts afresh
    expect(await search(quin)).toMatchObject({ status: 'searching' });
    await call('DELETE', '/api/matchmaking/queue', { as: quin });
  });

  it('when rating changes arrive out of order or twice, then the newest one stays; a malformed one is dead-lettered', async () => {
    const user = player();
    const ids = [
      await ratings.rate(user.id, 1500, 2),
      await ratings.rate(user.id, 1000, 1),
      await ratings.rate(user.id, 1500, 2),
    ];
    await waitFor(async () => {
      const handled = await sql<{
        n: string;
      }>`select count(*) as n from kit_inbox where event_id in (${sql.join(ids)})`.execute(one.ctx.db);
      return handled.rows[0]!.n === '3';
    });
    const poisonId = await ratings.poison({ userId: user.id, conservative: 'high' });
    const dead = await waitFor(
      async () =>
        (await one.ctx.bus.deadLetters()).find((d) => (d.envelope as { id: string }).id === poisonId),
      { timeoutMs: 15_000 },
    );
    expect(dead.reason).toContain('schema');
    const row = await one.ctx.db
      .selectFrom('skill_ratings')
      .select(['conservative', 'seq'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ conservative: 1500, seq: '2' });
  });
});
