/**
 * Tournaments end to end (SPEC 3.5–3.6), black-box through the gateway on the `tanks` profile: players
 * upload bots, an organiser runs a round robin of 4 (a rejection, an invitation), then a single
 * elimination and a Swiss of 8; the hosted battles are played by the battles service's workers. The
 * test works out places, points and the tournament rating itself from the battles' results and checks
 * them, the notifications every entrant got, the leaderboards and the profiles. The steps run in
 * order on one system: the later tournaments are rated by the skill the earlier ones gave.
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, registerAndLogin, type Account, type Json } from './support/api-client.js';
import {
  finishedTournament,
  leaderboard,
  players,
  ratingsOf,
  secondsFromNow,
  toldAbout,
  waitUntilTold,
  wholeInbox,
  type Player,
} from './support/tanks.js';
import {
  duelsOf,
  knockoutWinner,
  ratingPoints,
  roundRobinPlaces,
  singleEliminationPlaces,
  swissPlaces,
  tournamentRating,
  tournamentWeight,
  type Duel,
} from './support/tanks-standings.js';

const SYSTEM_START_MS = 180_000;
const TOURNAMENT_MS = 150_000;
/** Long enough for the organiser to take applications before the start. */
const LEAD_SECONDS = 10;
const RULES = { mode: 'duel', rounds: 1 };

describe('tournaments through the gateway (tanks profile, hosted bots)', () => {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let organiser: Account;
  /** The round robin's four entrants, who play the later tournaments too. */
  let veterans: Player[];
  /** Four more players for the tournaments of eight. */
  let newcomers: Player[];
  /** Tournament points each player has earned so far, as the test worked them out. */
  const earned = new Map<string, number>();
  /** Ranked battles each player has played so far. */
  const battlesPlayed = new Map<string, number>();

  beforeAll(async () => {
    system = await startSystem({
      profile: 'tanks',
      buildWeb: false,
      env: { GARRISON_RATE_LIMIT: 'off', BATTLE_WORKER_CONCURRENCY: '2' },
    });
    api = new ApiClient(system.url);
    organiser = await registerAndLogin(api, 'organiser');
    veterans = await players(api, 'vet', 4);
    newcomers = await players(api, 'new', 4);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  const as = (account: Account) => ({ token: account.accessToken });

  async function organise(
    format: string,
    capacity: number,
    extra: Record<string, unknown> = {},
  ): Promise<Json> {
    const res = await api.post(
      '/api/tournaments',
      {
        title: `${format} ${Date.now()}`,
        format,
        capacity,
        visibility: 'public',
        rules: RULES,
        startsAt: secondsFromNow(LEAD_SECONDS),
        ...extra,
      },
      as(organiser),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'upcoming', organizerId: organiser.id, format, capacity });
    return res.body;
  }

  async function apply(tournamentId: string, player: Player): Promise<Json> {
    const res = await api.post(
      `/api/tournaments/${tournamentId}/applications`,
      { bot: { botVersionId: player.botVersionId } },
      as(player),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function accept(tournamentId: string, application: Json): Promise<void> {
    const res = await api.post(
      `/api/tournaments/${tournamentId}/applications/${application.id}/accept`,
      undefined,
      as(organiser),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('accepted');
  }

  /** Applies and is accepted, one player after the other (application order breaks seeding ties). */
  async function enter(tournamentId: string, entrants: Player[]): Promise<void> {
    for (const p of entrants) await accept(tournamentId, await apply(tournamentId, p));
  }

  /** Conservative skill by user id as the ratings service has it now (before a start). */
  async function conservativeNow(entrants: Player[]): Promise<Map<string, number>> {
    const ratings = await ratingsOf(
      api,
      organiser,
      entrants.map((p) => p.id),
    );
    return new Map([...ratings].map(([id, r]) => [id, r.conservative as number]));
  }

  /** Seeds SPEC 3.5 expects: conservative skill, best first; equal skill keeps the application order. */
  function expectedSeeds(entrants: Player[], skill: Map<string, number>): string[] {
    return [...entrants].sort((a, b) => skill.get(b.id)! - skill.get(a.id)!).map((p) => p.id);
  }

  /** Seeds as each entrant was told them (tournament.started). */
  async function seedsTold(tournamentId: string, entrants: Player[]): Promise<string[]> {
    const told = await waitUntilTold(api, entrants, 'tournament.started', tournamentId);
    const bySeed = entrants.map((p) => ({ id: p.id, seed: told.get(p.id)![0].data.seed as number }));
    return bySeed.sort((a, b) => a.seed - b.seed).map((s) => s.id);
  }

  /**
   * The checks every finished tournament gets: the rating and weight fixed at the start, places and
   * points worked out from the duels, the notifications of each entrant, and the players' ratings.
   */
  async function checkFinished(
    t: Json,
    entrants: Player[],
    skillAtStart: Map<string, number>,
    expectedPlaces: (duels: Duel[]) => Map<string, number>,
  ): Promise<{ duels: Duel[]; placeOf: Map<string, number> }> {
    const rating = tournamentRating(entrants.map((p) => skillAtStart.get(p.id)!));
    expect(t.rating).toBeCloseTo(rating, 6);
    expect(t.weight).toBeCloseTo(tournamentWeight(rating), 6);

    const duels = await duelsOf(api, organiser.accessToken, t);
    const botOf = new Map(entrants.map((p) => [p.id, p.botVersionId]));
    for (const { battle } of duels) {
      // ranked tournament battles of the entrants' hosted bots, under the tournament's rules
      expect(battle).toMatchObject({
        kind: 'tournament',
        ranked: true,
        contextId: t.id,
        rounds: 1,
        live: false,
      });
      for (const seat of battle.participants as Json[])
        expect(seat.botVersionId).toBe(botOf.get(seat.userId));
    }
    const placeOf = expectedPlaces(duels);
    const points = ratingPoints(placeOf, t.weight);
    const shown = new Map((t.participants as Json[]).map((p) => [p.userId as string, p]));
    expect([...shown.keys()].sort()).toEqual(entrants.map((p) => p.id).sort());
    for (const p of entrants) {
      expect(shown.get(p.id), p.login).toMatchObject({
        place: placeOf.get(p.id),
        points: points.get(p.id),
        bot: { botVersionId: p.botVersionId },
      });
      earned.set(p.id, (earned.get(p.id) ?? 0) + points.get(p.id)!);
      battlesPlayed.set(
        p.id,
        (battlesPlayed.get(p.id) ?? 0) + duels.filter((d) => d.seats.some((s) => s.userId === p.id)).length,
      );
    }

    // every entrant: one reminder and one result per battle, the start and the final place
    const finished = await waitUntilTold(api, entrants, 'tournament.finished', t.id);
    for (const p of entrants) {
      expect(finished.get(p.id), p.login).toHaveLength(1);
      expect(finished.get(p.id)![0].data).toMatchObject({
        place: placeOf.get(p.id),
        points: points.get(p.id),
      });
      const mine = duels.filter((d) => d.seats.some((s) => s.userId === p.id)).map((d) => d.battleId);
      const reminders = await toldAbout(api, p, 'battle.starting-soon', t.id);
      expect(reminders.map((n) => n.data.battleId).sort(), `${p.login} reminders`).toEqual([...mine].sort());
      const results = await waitFor(
        async () => {
          const inbox = await toldAboutBattles(p, mine);
          return inbox.length === mine.length ? inbox : undefined;
        },
        { timeoutMs: 30_000, message: `${p.login} told every battle.finished` },
      );
      expect(results.map((n) => n.data.battleId).sort()).toEqual([...mine].sort());
      expect(await toldAbout(api, p, 'tournament.started', t.id)).toHaveLength(1);
    }
    await ratingsSettled(entrants);
    return { duels, placeOf };
  }

  async function toldAboutBattles(p: Player, battleIds: string[]): Promise<Json[]> {
    return (await wholeInbox(api, p)).filter(
      (n) => n.type === 'battle.finished' && battleIds.includes(n.data.battleId),
    );
  }

  /**
   * Waits until ratings has every entrant's battles and points, then checks the profile copy
   * (users) and both leaderboards agree with it.
   */
  async function ratingsSettled(entrants: Player[]): Promise<void> {
    const ratings = await waitFor(
      async () => {
        const now = await ratingsOf(
          api,
          organiser,
          entrants.map((p) => p.id),
        );
        const done = entrants.every(
          (p) =>
            now.get(p.id)!.battles === battlesPlayed.get(p.id) && now.get(p.id)!.points === earned.get(p.id),
        );
        return done ? now : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, message: 'ratings has every battle and every point' },
    );
    for (const p of entrants) {
      const mine = ratings.get(p.id)!;
      const single = await api.get(`/api/ratings/${p.id}`, as(organiser));
      expect(single.status).toBe(200);
      expect(single.body).toMatchObject({ battles: battlesPlayed.get(p.id), points: earned.get(p.id) });
      expect(single.body.history).toHaveLength(battlesPlayed.get(p.id)!);
      expect(single.body.conservative).toBeCloseTo(single.body.rating - 2 * single.body.rd, 6);
      const profile = await waitFor(
        async () => {
          const res = await api.get(`/api/users/${p.id}`, as(organiser));
          return res.body.rating?.battles === battlesPlayed.get(p.id) &&
            res.body.rating?.points === earned.get(p.id)
            ? res.body
            : undefined;
        },
        { timeoutMs: 30_000, message: `the profile of ${p.login} shows the new rating` },
      );
      expect(profile.rating.skill).toBeCloseTo(mine.rating, 6);
      expect(profile.rating.conservative).toBeCloseTo(mine.conservative, 6);
    }

    const bySkill = await leaderboard(api, organiser, 'skill');
    const byPoints = await leaderboard(api, organiser, 'points');
    for (const board of [bySkill, byPoints]) {
      const key = board === bySkill ? 'conservative' : 'points';
      for (let i = 1; i < board.length; i++) expect(board[i - 1][key]).toBeGreaterThanOrEqual(board[i][key]);
    }
    for (const p of entrants) {
      const onSkill = bySkill.find((r) => r.userId === p.id);
      expect(onSkill, `${p.login} on the skill leaderboard`).toMatchObject({ login: p.login });
      expect(onSkill.conservative).toBeCloseTo(ratings.get(p.id)!.conservative, 6);
      const onPoints = byPoints.find((r) => r.userId === p.id);
      if (earned.get(p.id)! > 0)
        expect(onPoints, `${p.login} on the points leaderboard`).toMatchObject({ points: earned.get(p.id) });
      else expect(onPoints).toBeUndefined();
    }
  }

  it(
    'when an organiser runs a round robin of four with a rejection and an invitation, then everyone meets once, is told each step, and places, points and ratings follow SPEC 3.5',
    async () => {
      const [a, b, c, invited] = veterans as [Player, Player, Player, Player];
      const [turnedAway] = newcomers as [Player];
      const t = await organise('round-robin', 4);

      const applications = [
        await apply(t.id, a),
        await apply(t.id, b),
        await apply(t.id, turnedAway),
        await apply(t.id, c),
      ];
      expect(applications.map((x) => x.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      const rejected = await api.post(
        `/api/tournaments/${t.id}/applications/${applications[2].id}/reject`,
        { reason: 'bring a stronger bot' },
        as(organiser),
      );
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'bring a stronger bot' });
      for (const x of [applications[0], applications[1], applications[3]]) await accept(t.id, x);
      expectProblem(await api.get(`/api/tournaments/${t.id}/applications`, as(a)), 403);

      const invitation = await api.post(
        `/api/tournaments/${t.id}/invitations`,
        { userId: invited.id },
        as(organiser),
      );
      expect(invitation.status).toBe(201);
      const invitedApplication = await apply(t.id, invited);
      expect(invitedApplication.status).toBe('accepted');
      // full now: a late application waits, and the organiser cannot squeeze it in
      const late = await apply(t.id, newcomers[1]!);
      expect(late.status).toBe('waitlisted');
      expectProblem(
        await api.post(`/api/tournaments/${t.id}/applications/${late.id}/accept`, undefined, as(organiser)),
        409,
      );
      const listed = await api.get(`/api/tournaments/${t.id}/applications`, as(organiser));
      expect(listed.body.map((x: Json) => [x.userId, x.status])).toEqual([
        [a.id, 'accepted'],
        [b.id, 'accepted'],
        [turnedAway.id, 'rejected'],
        [c.id, 'accepted'],
        [invited.id, 'accepted'],
        [newcomers[1]!.id, 'waitlisted'],
      ]);

      const entrants = [a, b, c, invited];
      const skill = await conservativeNow(entrants);
      expect([...skill.values()]).toEqual([800, 800, 800, 800]); // nobody has played a ranked battle yet
      const finished = await finishedTournament(api, organiser, t.id, TOURNAMENT_MS);

      // three rounds of two battles; everyone met everyone else exactly once
      expect(finished.rounds).toHaveLength(3);
      const { duels } = await checkFinished(finished, entrants, skill, (d) =>
        roundRobinPlaces(
          entrants.map((p) => p.id),
          d,
        ),
      );
      expect(duels).toHaveLength(6);
      const pairs = duels.map((d) =>
        d.seats
          .map((s) => s.userId)
          .sort()
          .join('|'),
      );
      expect(new Set(pairs).size).toBe(6);

      const toldInvited = await toldAbout(api, invited, 'tournament.invited', t.id);
      expect(toldInvited).toHaveLength(1);
      for (const p of [a, b, c]) {
        const decided = await waitUntilTold(api, [p], 'tournament.application-decided', t.id);
        expect(decided.get(p.id)!.map((n) => n.data.status)).toEqual(['accepted']);
      }
      const refusal = await waitUntilTold(api, [turnedAway], 'tournament.application-decided', t.id);
      expect(refusal.get(turnedAway.id)![0].data).toMatchObject({
        status: 'rejected',
        reason: 'bring a stronger bot',
      });
      expect(await toldAbout(api, turnedAway, 'tournament.started', t.id)).toEqual([]);
    },
    TOURNAMENT_MS + 60_000,
  );

  /** The eight entrants of the bigger tournaments, in application order, and their seeds as SPEC 3.5 expects. */
  async function enterEight(
    t: Json,
  ): Promise<{ entrants: Player[]; skill: Map<string, number>; seeds: string[] }> {
    const entrants = [...newcomers, ...veterans];
    await enter(t.id, entrants);
    const skill = await conservativeNow(entrants);
    const seeds = expectedSeeds(entrants, skill);
    expect(await seedsTold(t.id, entrants)).toEqual(seeds);
    return { entrants, skill, seeds };
  }

  it(
    'when eight enter a single elimination, then seeds follow skill, the bracket halves each round, the semi-final losers share 3rd–4th and points follow',
    async () => {
      const t = await organise('single-elimination', 8);
      const { entrants, skill, seeds } = await enterEight(t);
      const finished = await finishedTournament(api, organiser, t.id, TOURNAMENT_MS);
      const seedOf = (userId: string) => seeds.indexOf(userId) + 1;

      expect(finished.rounds.map((r: Json) => r.battles.length)).toEqual([4, 2, 1]);
      expect(finished.rounds.every((r: Json) => r.byes.length === 0)).toBe(true);
      const { duels, placeOf } = await checkFinished(finished, entrants, skill, (d) =>
        singleEliminationPlaces(
          entrants.map((p) => p.id),
          d,
          seedOf,
        ),
      );
      // round 1 in bracket order: 1–8, 4–5, 2–7, 3–6, so 1 and 2 can only meet in the final
      const firstRound = duels
        .filter((d) => d.round === 1)
        .map((d) => d.seats.map((s) => seedOf(s.userId)).sort((a, b) => a - b));
      expect(firstRound).toEqual([
        [1, 8],
        [4, 5],
        [2, 7],
        [3, 6],
      ]);
      expect([...placeOf.values()].sort()).toEqual([1, 2, 3, 3, 5, 5, 5, 5]);
      // a round's players are the winners of the round before
      for (const round of [2, 3]) {
        const before = duels.filter((d) => d.round === round - 1).map((d) => knockoutWinner(d, seedOf));
        const now = duels.filter((d) => d.round === round).flatMap((d) => d.seats.map((s) => s.userId));
        expect(now.sort()).toEqual(before.sort());
      }
    },
    TOURNAMENT_MS + 60_000,
  );

  it(
    'when eight enter a Swiss tournament, then it plays three rounds without a rematch and ranks by points, Buchholz and score',
    async () => {
      const t = await organise('swiss', 8);
      const { entrants, skill, seeds } = await enterEight(t);
      const finished = await finishedTournament(api, organiser, t.id, TOURNAMENT_MS);
      const seedOf = (userId: string) => seeds.indexOf(userId) + 1;

      expect(finished.rounds.map((r: Json) => r.battles.length)).toEqual([4, 4, 4]);
      const byes = finished.rounds.flatMap((r: Json) => r.byes as string[]);
      expect(byes).toEqual([]);
      const { duels } = await checkFinished(finished, entrants, skill, (d) =>
        swissPlaces(
          entrants.map((p) => p.id),
          d,
          byes,
        ),
      );
      const pairs = duels.map((d) =>
        d.seats
          .map((s) => s.userId)
          .sort()
          .join('|'),
      );
      expect(new Set(pairs).size).toBe(12); // no two entrants met twice
      for (const round of [1, 2, 3]) {
        const seated = duels.filter((d) => d.round === round).flatMap((d) => d.seats.map((s) => s.userId));
        expect(seated.sort()).toEqual(entrants.map((p) => p.id).sort()); // everyone plays every round
      }
      // round 1: the top half meets the bottom half, 1–5, 2–6, 3–7, 4–8
      const firstRound = duels
        .filter((d) => d.round === 1)
        .map((d) => d.seats.map((s) => seedOf(s.userId)).sort((a, b) => a - b));
      expect(firstRound.sort((a, b) => a[0]! - b[0]!)).toEqual([
        [1, 5],
        [2, 6],
        [3, 7],
        [4, 8],
      ]);
    },
    TOURNAMENT_MS + 60_000,
  );
});
