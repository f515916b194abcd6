/**
 * Series and exactly-once scheduling end to end (SPEC 3.5), black-box through the gateway on the
 * `tanks` profile with a SECOND tournaments instance on the same database and bus: both instances
 * run the start job, the every-minute sweeps and the consumers. A tournament starting on a whole
 * minute (when the start job and the `start-due` sweep fire together) starts once and reminds once;
 * a weekly series makes its next edition by itself when an edition starts, exactly one of it, and its
 * rating accumulates over editions and lifts the next edition's weight. The organiser moves each
 * edition to "now" (PATCH, as an organiser may before the start) instead of waiting a week.
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { startExtraInstance, type ExtraInstance } from './support/tanks-instance.js';
import {
  finishedTournament,
  players,
  ratingsOf,
  secondsFromNow,
  toldAbout,
  waitUntilTold,
  type Player,
} from './support/tanks.js';
import {
  duelsOf,
  ratingPoints,
  roundRobinPlaces,
  tournamentRating,
  tournamentWeight,
} from './support/tanks-standings.js';

const SYSTEM_START_MS = 180_000;
const TOURNAMENT_MS = 150_000;
const RULES = { mode: 'duel', rounds: 1 };
const SCHEDULE = { every: 'week', weekday: 'wednesday', at: '18:30', timezone: 'Europe/Berlin' } as const;

/** The next whole minute at least `seconds` ahead: when the start job and the every-minute sweep meet. */
function wholeMinuteAfter(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  at.setUTCSeconds(0, 0);
  at.setUTCMinutes(at.getUTCMinutes() + 1);
  return at.toISOString();
}

/** Weekday and HH:MM of an instant in a time zone. */
function localTime(iso: string, timeZone: string): { weekday: string; at: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: get('weekday').toLowerCase(), at: `${get('hour')}:${get('minute')}` };
}

describe('series and starts with two tournaments instances (tanks profile, hosted bots)', () => {
  let system: RunningSystem | undefined;
  let second: ExtraInstance | undefined;
  let api: ApiClient;
  let organiser: Account;

  beforeAll(async () => {
    system = await startSystem({
      profile: 'tanks',
      buildWeb: false,
      env: { GARRISON_RATE_LIMIT: 'off', BATTLE_WORKER_CONCURRENCY: '2' },
    });
    second = await startExtraInstance(system, 'tournaments');
    api = new ApiClient(system.url);
    organiser = await registerAndLogin(api, 'organiser');
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await second?.stop();
    await system?.stop();
  }, SYSTEM_START_MS);

  const as = (account: Account) => ({ token: account.accessToken });

  async function enter(tournamentId: string, entrants: Player[]): Promise<void> {
    for (const p of entrants) {
      const applied = await api.post(
        `/api/tournaments/${tournamentId}/applications`,
        { bot: { botVersionId: p.botVersionId } },
        as(p),
      );
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      const accepted = await api.post(
        `/api/tournaments/${tournamentId}/applications/${applied.body.id}/accept`,
        undefined,
        as(organiser),
      );
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    }
  }

  /** The organiser moves an upcoming tournament's start (and registration close) to `startsAt`. */
  async function moveStart(tournamentId: string, startsAt: string): Promise<void> {
    const moved = await api.request('PATCH', `/api/tournaments/${tournamentId}`, {
      body: { startsAt, registrationClosesAt: startsAt },
      token: organiser.accessToken,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }

  async function series(id: string): Promise<Json> {
    const res = await api.get(`/api/series/${id}`, as(organiser));
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Plays one edition of two, moved to start in 10 s: its rating, weight, places and points. */
  async function playEdition(
    edition: Json,
    entrants: Player[],
    seriesRatingBefore: number,
  ): Promise<{ rating: number; points: Map<string, number> }> {
    await enter(edition.id, entrants);
    // Every earlier edition's battle must be rated before the skill is read: the tournament reads it
    // at its start, and ratings may still be working off the last battle.finished of the edition before.
    const battlesSoFar = seriesRatingBefore === 0 ? 0 : 1;
    const skill = await waitFor(
      async () => {
        const now = await ratingsOf(
          api,
          organiser,
          entrants.map((p) => p.id),
        );
        return entrants.every((p) => now.get(p.id)!.battles >= battlesSoFar) ? now : undefined;
      },
      { timeoutMs: 30_000, message: 'the earlier edition rated' },
    );
    // Leave the tournaments service time to receive those rating.changed events before the start.
    await moveStart(edition.id, secondsFromNow(10));
    const finished = await finishedTournament(api, organiser, edition.id, TOURNAMENT_MS);
    const rating = tournamentRating(entrants.map((p) => skill.get(p.id)!.conservative));
    expect(finished.rating).toBeCloseTo(rating, 6);
    // the edition's own weight, lifted by the series' rating before it (SPEC 3.5)
    const weight = tournamentWeight(rating) * (1 + Math.min(1, seriesRatingBefore / 15000));
    expect(finished.weight).toBeCloseTo(weight, 6);
    const placeOf = roundRobinPlaces(
      entrants.map((p) => p.id),
      await duelsOf(api, organiser.accessToken, finished),
    );
    const points = ratingPoints(placeOf, finished.weight);
    for (const p of finished.participants as Json[]) {
      expect(p).toMatchObject({ place: placeOf.get(p.userId), points: points.get(p.userId) });
    }
    return { rating, points };
  }

  it(
    'when a tournament starts on a whole minute with two instances running, then it starts once, each battle is created and reminded once, and each entrant is told once',
    async () => {
      const entrants = await players(api, 'once', 4);
      const created = await api.post(
        '/api/tournaments',
        {
          title: `Twice scheduled ${Date.now()}`,
          format: 'round-robin',
          capacity: 4,
          visibility: 'public',
          rules: RULES,
          startsAt: wholeMinuteAfter(12),
        },
        as(organiser),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const t = created.body;
      await enter(t.id, entrants);
      const finished = await finishedTournament(api, organiser, t.id, TOURNAMENT_MS);

      expect(finished.rounds.map((r: Json) => r.number)).toEqual([1, 2, 3]);
      const battleIds = (finished.rounds as Json[]).flatMap((r) => r.battles.map((b: Json) => b.battleId));
      expect(new Set(battleIds).size).toBe(6);
      await waitUntilTold(api, entrants, 'tournament.finished', t.id);
      for (const p of entrants) {
        // the battles service holds exactly this player's three battles of the tournament
        const listed = await api.get(`/api/battles?user=${p.id}&kind=tournament&limit=50`, as(p));
        expect(listed.status).toBe(200);
        const theirs = (listed.body.items as Json[]).filter((b) => b.contextId === t.id);
        expect(theirs).toHaveLength(3);
        expect(await toldAbout(api, p, 'tournament.started', t.id)).toHaveLength(1);
        expect(await toldAbout(api, p, 'tournament.finished', t.id)).toHaveLength(1);
        const reminders = await toldAbout(api, p, 'battle.starting-soon', t.id);
        expect(reminders.map((n) => n.data.battleId).sort()).toEqual(theirs.map((b) => b.id).sort());
      }
      // the second instance did take part: it handled deliveries of the shared queues
      expect(await second!.metric('bus_handler_duration_seconds_count')).toBeGreaterThan(0);
    },
    TOURNAMENT_MS + 90_000,
  );

  it(
    'when a weekly series has editions played, then each start makes exactly one next edition on the schedule, and the series rating accumulates and lifts the weight',
    async () => {
      const entrants = await players(api, 'weekly', 2);
      const res = await api.post(
        '/api/series',
        {
          title: `Wednesday Tanks ${Date.now()}`,
          format: 'round-robin',
          capacity: 2,
          visibility: 'public',
          rules: RULES,
          schedule: SCHEDULE,
        },
        as(organiser),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const s = res.body;
      expect(s.editions).toHaveLength(1);
      expect(s.rating).toBe(0);
      const first = s.editions[0];
      expect(first).toMatchObject({ status: 'upcoming', seriesId: s.id });
      expect(localTime(first.startsAt, SCHEDULE.timezone)).toEqual({ weekday: 'wednesday', at: '18:30' });

      const one = await playEdition(first, entrants, 0);
      const afterOne = await waitFor(
        async () => {
          const now = await series(s.id);
          return now.editions.length >= 2 ? now : undefined;
        },
        { timeoutMs: 30_000, message: 'the second edition' },
      );
      expect(afterOne.editions).toHaveLength(2);
      const next = afterOne.editions[0];
      expect(next).toMatchObject({ status: 'upcoming', seriesId: s.id });
      expect(next.title).toMatch(/#2$/);
      expect(localTime(next.startsAt, SCHEDULE.timezone)).toEqual({ weekday: 'wednesday', at: '18:30' });
      expect(new Date(next.startsAt).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(next.startsAt).getTime()).toBeLessThanOrEqual(Date.now() + 7 * 24 * 3600_000);
      expect(afterOne.rating).toBeCloseTo(one.rating, 6);

      // edition 2: rated by the skill edition 1 gave, lifted by the series' rating so far
      const two = await playEdition(next, entrants, one.rating);
      const afterTwo = await waitFor(
        async () => {
          const now = await series(s.id);
          return now.editions.length >= 3 ? now : undefined;
        },
        { timeoutMs: 30_000, message: 'the third edition' },
      );
      expect(afterTwo.editions.map((e: Json) => e.status)).toEqual(['upcoming', 'finished', 'finished']);
      expect(afterTwo.rating).toBeCloseTo(two.rating + 0.9 * one.rating, 6);

      // rating points: both editions count for each player
      await waitFor(
        async () => {
          const ratings = await ratingsOf(
            api,
            organiser,
            entrants.map((p) => p.id),
          );
          return entrants.every(
            (p) => ratings.get(p.id)!.points === one.points.get(p.id)! + two.points.get(p.id)!,
          )
            ? true
            : undefined;
        },
        { timeoutMs: 30_000, message: "ratings sums both editions' points" },
      );
      // two instances, sweeps every minute: still exactly one upcoming edition
      const upcoming = await api.get('/api/tournaments?status=upcoming&limit=200', as(organiser));
      expect((upcoming.body.items as Json[]).filter((x) => x.seriesId === s.id)).toHaveLength(1);
    },
    2 * TOURNAMENT_MS,
  );
});
