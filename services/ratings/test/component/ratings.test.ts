import { randomUUID } from 'node:crypto';
import {
  httpClient,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { usersService } from '@garrison/users/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expirePoints } from '../../src/app/expire-points.js';
import type { Database } from '../../src/database.js';
import { rateBattle } from '../../src/domain/battle-rating.js';
import { ratingsService } from '../../src/service.js';
import {
  battleFinished,
  handled,
  publish,
  publisherOf,
  tournamentFinished,
  type SeatSpec,
} from './fixtures.js';

const pg = await needsPostgres();

type Who = { id: string; roles: string[] };
const admin: Who = { id: randomUUID(), roles: ['admin'] };

interface RatingBody {
  userId: string;
  rating: number;
  rd: number;
  volatility: number;
  conservative: number;
  points: number;
  battles: number;
  history: Array<{ battleId: string; rating: number; rd: number; conservative: number }>;
}

describe.skipIf(!pg)('ratings (real PostgreSQL; battles, tournaments, users and ratings on one bus)', () => {
  let ratings: TestService<Database>;
  let users: TestService;
  let battles: TestService;
  let tournaments: TestService;
  const players: Array<Who & { login: string }> = [];
  let a: Who, b: Who, c: Who, newcomer: Who;

  const call = (svc: { url: string }, method: string, path: string, as: Who = admin, body?: unknown) =>
    httpClient(svc.url)(method, path, { as, body });
  const ratingOf = async (who: Who): Promise<RatingBody> => {
    const res = await call(ratings, 'GET', `/api/ratings/${who.id}`);
    expect(res.status).toBe(200);
    return res.body as RatingBody;
  };
  /** Publishes as battles would and waits until ratings has handled it. */
  const finishBattle = async (seats: SeatSpec[], opts: Parameters<typeof battleFinished>[1] = {}) => {
    const data = battleFinished(seats, opts);
    const event = await publish(battles, 'battle.finished', data);
    await waitFor(() => handled(ratings.ctx.db, event.id), { timeoutMs: 15_000 });
    return data;
  };
  const finishTournament = async (data: ReturnType<typeof tournamentFinished>) => {
    const event = await publish(tournaments, 'tournament.finished', data);
    await waitFor(() => handled(ratings.ctx.db, event.id), { timeoutMs: 15_000 });
  };

  beforeAll(async () => {
    ratings = await startTestService(ratingsService);
    const shared = { BUS_DATABASE_URL: ratings.env.BUS_DATABASE_URL!, BUS_PREFIX: ratings.env.BUS_PREFIX! };
    users = await startTestService(usersService, { env: shared });
    battles = await startTestService(publisherOf('battles'), { env: shared, database: true });
    tournaments = await startTestService(publisherOf('tournaments'), { env: shared, database: true });
    for (const login of ['tank.ada', 'tank.bob', 'tank.cy', 'tank.new']) {
      const res = await call(users, 'POST', '/api/users', admin, {
        login,
        displayName: login,
        roles: ['player'],
      });
      expect(res.status).toBe(201);
      players.push({ id: res.body.id, roles: ['player'], login });
    }
    [a, b, c, newcomer] = [players[0]!, players[1]!, players[2]!, players[3]!];
    await waitFor(
      async () => (await ratings.ctx.db.selectFrom('users').select('id').execute()).length === 4,
      {
        timeoutMs: 15_000,
      },
    );
  });

  afterAll(async () => {
    await tournaments?.stop();
    await battles?.stop();
    await users?.stop();
    await ratings?.stop();
  });

  it('when a known user has not played, then their rating is the initial 1500/350 (conservative 800); an unknown id is 404', async () => {
    expect(await ratingOf(newcomer)).toEqual({
      userId: newcomer.id,
      rating: 1500,
      rd: 350,
      volatility: 0.06,
      conservative: 800,
      points: 0,
      battles: 0,
      history: [],
    });
    const unknown = await call(ratings, 'GET', `/api/ratings/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
  });

  it('when a ranked duel finishes, then both players move by one Glicko-2 period and rating.changed carries it', async () => {
    const battle = await finishBattle([
      { userId: a.id, place: 1 },
      { userId: b.id, place: 2 },
    ]);
    const initial = { rating: 1500, rd: 350, volatility: 0.06 };
    const expected = rateBattle(
      new Map([
        [a.id, initial],
        [b.id, initial],
      ]),
      [
        { userId: a.id, place: 1 },
        { userId: b.id, place: 2 },
      ],
    );
    const ada = await ratingOf(a);
    expect(ada).toMatchObject({ ...expected.get(a.id), battles: 1 });
    expect(ada.conservative).toBeCloseTo(ada.rating - 2 * ada.rd, 9);
    expect(ada.history).toEqual([expect.objectContaining({ battleId: battle.battleId, rating: ada.rating })]);
    expect((await ratingOf(b)).rating).toBeCloseTo(3000 - ada.rating, 9);

    const changed = await ratings.events.waitFor<{ userId: string; seq: number; battleId: string }>(
      'rating.changed',
      (e) => e.data.userId === a.id,
    );
    expect(changed.data).toMatchObject({
      userId: a.id,
      rating: ada.rating,
      rd: ada.rd,
      volatility: ada.volatility,
      conservative: ada.conservative,
      points: 0,
      battles: 1,
      reason: 'battle',
      battleId: battle.battleId,
      seq: 1,
    });
  });

  it('when the same battle is published again under a new event id, then nobody is rated twice', async () => {
    const before = await ratingOf(a);
    const first = await finishBattle([
      { userId: a.id, place: 2 },
      { userId: c.id, place: 1 },
    ]);
    const afterFirst = await ratingOf(a);
    await finishBattle(
      [
        { userId: a.id, place: 2 },
        { userId: c.id, place: 1 },
      ],
      { battleId: first.battleId },
    );
    const afterRepeat = await ratingOf(a);
    expect(afterFirst.battles).toBe(before.battles + 1);
    expect(afterRepeat).toEqual(afterFirst);
  });

  it('when a battle is unranked (practice, rooms), then ratings ignore it', async () => {
    const before = await ratingOf(a);
    await finishBattle(
      [
        { userId: a.id, place: 1 },
        { userId: b.id, place: 2 },
      ],
      { ranked: false, kind: 'practice' },
    );
    expect(await ratingOf(a)).toEqual(before);
  });

  it('when a user fills two seats of a free-for-all with a built-in bot, then the bot is skipped and the user counts once at their best place', async () => {
    const [ada, bob, cy] = [await ratingOf(a), await ratingOf(b), await ratingOf(c)];
    const battle = await finishBattle([
      { userId: a.id, place: 2 },
      { userId: b.id, place: 1 },
      { userId: null, place: 3 },
      { userId: a.id, place: 5 },
      { userId: c.id, place: 4 },
    ]);
    const expected = rateBattle(new Map([ada, bob, cy].map((r) => [r.userId, r])), [
      { userId: a.id, place: 2 },
      { userId: b.id, place: 1 },
      { userId: c.id, place: 4 },
    ]);
    for (const who of [a, b, c]) {
      const now = await ratingOf(who);
      expect(now.rating).toBeCloseTo(expected.get(who.id)!.rating, 9);
      expect(now.rd).toBeCloseTo(expected.get(who.id)!.rd, 9);
      expect(now.history.at(-1)!.battleId).toBe(battle.battleId);
    }
    expect((await ratingOf(a)).battles).toBe(ada.battles + 1);
  });

  it('when a ranked battle leaves fewer than two users (a user against bots), then nothing changes', async () => {
    const before = await ratingOf(c);
    await finishBattle([
      { userId: c.id, place: 1 },
      { userId: null, place: 2 },
    ]);
    expect(await ratingOf(c)).toEqual(before);
  });

  it('the skill leaderboard ranks rated players by conservative rating, with logins, page by page', async () => {
    const all = await call(ratings, 'GET', '/api/ratings/leaderboard?by=skill&limit=50');
    expect(all.status).toBe(200);
    const items = all.body.items as Array<{ userId: string; login: string; conservative: number }>;
    expect(items.map((i) => i.userId).sort()).toEqual([a.id, b.id, c.id].sort()); // the newcomer is unrated
    const sorted = [...items].sort((x, y) => y.conservative - x.conservative);
    expect(items).toEqual(sorted);
    expect(items.map((i) => i.login).sort()).toEqual(['tank.ada', 'tank.bob', 'tank.cy']);
    expect(all.body.nextCursor).toBeNull();

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(
        ratings,
        'GET',
        `/api/ratings/leaderboard?by=skill&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.body.items).toHaveLength(1);
      walked.push(res.body.items[0].userId);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(items.map((i) => i.userId));
  });

  it('when a cursor or query is malformed, then 400 problem+json', async () => {
    const badCursor = await call(ratings, 'GET', '/api/ratings/leaderboard?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expect(badCursor.contentType).toContain('application/problem+json');
    expect((await call(ratings, 'GET', '/api/ratings/leaderboard?by=luck')).status).toBe(400);
    expect((await call(ratings, 'GET', '/api/ratings/not-a-uuid')).status).toBe(400);
    expect((await httpClient(ratings.url)('GET', '/api/ratings/leaderboard')).status).toBe(401);
  });

  it('when a tournament finishes, then its points count once, shared places included, and rank the points leaderboard', async () => {
    const cup = tournamentFinished([
      { userId: b.id, place: 1, points: 100 },
      { userId: a.id, place: 2, points: 60 },
      { userId: c.id, place: 3, points: 35 },
      { userId: newcomer.id, place: 3, points: 35 },
    ]);
    await finishTournament(cup);
    await finishTournament(cup); // the same result again: the ledger keeps one
    await finishTournament(
      tournamentFinished([{ userId: a.id, place: 1, points: 100 }], {
        finishedAt: new Date(Date.now() - 400 * 24 * 3600 * 1000), // older than 12 months: counts nothing
      }),
    );
    const board = await call(ratings, 'GET', '/api/ratings/leaderboard?by=points');
    expect(board.body.items.map((i: { userId: string; points: number }) => [i.userId, i.points])).toEqual([
      [b.id, 100],
      [a.id, 60],
      ...[
        [c.id, 35],
        [newcomer.id, 35],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    ]);
    expect((await ratingOf(newcomer)).points).toBe(35);
    const changed = await ratings.events.waitFor<{ userId: string; reason: string; points: number }>(
      'rating.changed',
      (e) => e.data.userId === b.id && e.data.reason === 'tournament',
    );
    expect(changed.data.points).toBe(100);
  });

  it('when the users service is told, then the profile shows the latest rating copy', async () => {
    const current = await ratingOf(a);
    const profile = await waitFor(
      async () => {
        const res = await call(users, 'GET', `/api/users/${a.id}`);
        return res.body.rating?.skill === current.rating && res.body.rating?.points === current.points
          ? res.body
          : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(profile.rating).toMatchObject({
      skill: current.rating,
      rd: current.rd,
      conservative: current.conservative,
      points: current.points,
      battles: current.battles,
    });
  });

  it('the batch read answers every asked id in order, never-rated users at the initial rating', async () => {
    const stranger = randomUUID();
    const res = await call(ratings, 'GET', `/api/ratings?ids=${b.id},${stranger},${b.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { userId: string }) => i.userId)).toEqual([b.id, stranger]);
    expect(res.body.items[1]).toMatchObject({ rating: 1500, rd: 350, conservative: 800, battles: 0 });
    expect((await call(ratings, 'GET', '/api/ratings?ids=1,2')).status).toBe(400);
    expect((await call(ratings, 'GET', `/api/ratings?ids=${'-'.repeat(36)}`)).status).toBe(400);
  });

  it('when points leave the 12-month window, then the daily expiry takes them off and tells everyone', async () => {
    const later = new Date(Date.now() + 366 * 24 * 3600 * 1000);
    const changed = await expirePoints(ratings.ctx.db, ratings.ctx.bus, 12, later);
    expect(changed).toBe(4);
    expect((await ratingOf(b)).points).toBe(0);
    await ratings.events.waitFor<{ userId: string; reason: string; points: number }>(
      'rating.changed',
      (e) => e.data.userId === b.id && e.data.reason === 'points-expired' && e.data.points === 0,
    );
    expect(await expirePoints(ratings.ctx.db, ratings.ctx.bus, 12, later)).toBe(0);
    const board = await call(ratings, 'GET', '/api/ratings/leaderboard?by=points');
    expect(board.body.items).toEqual([]);
  });

  it('when many battles of the same players arrive at once, then every one is rated exactly once and seq counts every change', async () => {
    const before = await ratingOf(a);
    const events = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        publish(
          battles,
          'battle.finished',
          battleFinished([
            { userId: a.id, place: (i % 2) + 1 },
            { userId: b.id, place: 2 - (i % 2) },
          ]),
        ),
      ),
    );
    await waitFor(
      async () => (await Promise.all(events.map((e) => handled(ratings.ctx.db, e.id)))).every(Boolean),
      {
        timeoutMs: 20_000,
      },
    );
    const after = await ratingOf(a);
    expect(after.battles).toBe(before.battles + 6);
    expect(after.history.length).toBe(before.history.length + 6);
    const row = await ratings.ctx.db
      .selectFrom('players')
      .select('seq')
      .where('user_id', '=', a.id)
      .executeTakeFirstOrThrow();
    // rating.changed of this player: one per change, numbered 1..seq without gaps or repeats
    const seqs = await waitFor(async () => {
      const seen = ratings.events.events
        .filter((e) => e.type === 'rating.changed' && (e.data as { userId: string }).userId === a.id)
        .map((e) => (e.data as { seq: number }).seq);
      return seen.length === Number(row.seq) ? seen : undefined;
    });
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: Number(row.seq) }, (_, i) => i + 1));
  });
});
