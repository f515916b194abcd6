import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { BattleSchema } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import {
  httpClient,
  needsPostgres,
  startTestService,
  waitFor,
  type Answer,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { tournamentsService } from '../../src/service.js';
import { scheduleStart } from '../../src/app/start-schedule.js';
import {
  battleFinished,
  battleStarted,
  fakeBattles,
  producer,
  publishAs,
  type FakeBattles,
} from './fake-battles.js';

const pg = await needsPostgres();

interface Who {
  id: string;
  roles: string[];
}
const user = (): Who => ({ id: randomUUID(), roles: ['user'] });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe.skipIf(!pg)('tournaments service (real PostgreSQL, battles faked over gRPC + bus)', () => {
  let svc: TestService<Database>;
  let battlesSvc: TestService;
  let ratingsSvc: TestService;
  let battles: FakeBattles;
  let call: (method: string, path: string, as: Who, body?: unknown) => Promise<Answer>;

  const newTournament = async (organizer: Who, extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/tournaments', organizer, {
      title: 'Friday Night Tanks',
      description: 'duels',
      format: 'round-robin',
      startsAt: inSeconds(3600),
      registrationClosesAt: inSeconds(3500),
      capacity: 4,
      visibility: 'public',
      rules: { mode: 'duel', rounds: 3 },
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; [k: string]: unknown };
  };

  /** Applies with a fresh bot version of the applicant's that may play ranked. */
  const apply = (t: string, who: Who, rankedEligible = true) => {
    const botVersionId = randomUUID();
    battles.bots.set(botVersionId, { ownerId: who.id, rankedEligible });
    return call('POST', `/api/tournaments/${t}/applications`, who, { bot: { botVersionId } });
  };

  beforeAll(async () => {
    battles = fakeBattles();
    battlesSvc = await startTestService(battles.def, { database: true });
    const shared = {
      BUS_DATABASE_URL: battlesSvc.env.BUS_DATABASE_URL!,
      BUS_PREFIX: battlesSvc.env.BUS_PREFIX!,
    };
    ratingsSvc = await startTestService(producer('ratings'), { database: true, env: shared });
    svc = await startTestService(tournamentsService, {
      env: {
        ...shared,
        GARRISON_SERVICES: JSON.stringify({
          battles: { grpc: battlesSvc.grpcUrl },
          bots: { grpc: battlesSvc.grpcUrl },
        }),
      },
    });
    const http = httpClient(svc.url);
    call = (method, path, as, body) => http(method, path, { as, body });
  });

  afterAll(async () => {
    await svc?.stop();
    await ratingsSvc?.stop();
    await battlesSvc?.stop();
  });

  it('when a user organises a tournament, then 201 returns the SPEC fields and tournament.created is published', async () => {
    const organizer = user();
    const t = await newTournament(organizer);
    expect(t).toMatchObject({
      title: 'Friday Night Tanks',
      description: 'duels',
      organizerId: organizer.id,
      format: 'round-robin',
      rules: { mode: 'duel', rounds: 3 },
      capacity: 4,
      visibility: 'public',
      status: 'upcoming',
      seriesId: null,
      rating: null,
      weight: null,
      participants: [],
      rounds: [],
    });
    await svc.events.waitFor(
      'tournament.created',
      (e) => (e.data as unknown as { tournamentId: string }).tournamentId === t.id,
    );
    expect((await call('GET', `/api/tournaments/${t.id}`, user())).body.id).toBe(t.id);
  });

  it('when the input is wrong, then 400 for the schema and 422 for the rules, as problem+json', async () => {
    const organizer = user();
    const bad = await call('POST', '/api/tournaments', organizer, { title: 'x', format: 'ladder' });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    const past = await call('POST', '/api/tournaments', organizer, {
      title: 'Past',
      format: 'round-robin',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      capacity: 4,
      rules: { mode: 'duel' },
      swissRounds: 3,
    });
    expect(past.status).toBe(422);
    expect(past.body.detail).toContain('startsAt');
    expect(past.body.detail).toContain('swissRounds');
  });

  it('when applications exceed capacity, then the organiser accepts up to it, the rest wait; a rejection frees a place', async () => {
    const organizer = user();
    const t = await newTournament(organizer, { capacity: 2 });
    const [a, b, c] = [user(), user(), user()];
    const appA = await apply(t.id, a);
    expect(appA.status).toBe(201);
    expect(appA.body).toMatchObject({ userId: a.id, status: 'pending', reason: null });
    expect((await apply(t.id, a)).status).toBe(409);
    const appB = await apply(t.id, b);
    expect((await call('GET', `/api/tournaments/${t.id}/applications`, a)).status).toBe(403);
    for (const app of [appA, appB]) {
      const res = await call(
        'POST',
        `/api/tournaments/${t.id}/applications/${app.body.id}/accept`,
        organizer,
      );
      expect(res.body.status).toBe('accepted');
    }
    const appC = await apply(t.id, c);
    expect(appC.body.status).toBe('waitlisted');
    expect(
      (await call('POST', `/api/tournaments/${t.id}/applications/${appC.body.id}/accept`, organizer)).status,
    ).toBe(409);
    const rejected = await call(
      'POST',
      `/api/tournaments/${t.id}/applications/${appB.body.id}/reject`,
      organizer,
      {
        reason: 'bot too weak',
      },
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'bot too weak' });
    const list = await call('GET', `/api/tournaments/${t.id}/applications`, organizer);
    expect(list.body.map((x: { userId: string; status: string }) => [x.userId, x.status])).toEqual([
      [a.id, 'accepted'],
      [b.id, 'rejected'],
      [c.id, 'pending'], // moved up from the waitlist, the organiser decides
    ]);
    await svc.events.waitFor(
      'tournament.application-decided',
      (e) => (e.data as { applicationId: string; reason: string }).reason === 'bot too weak',
    );
    const view = await call('GET', `/api/tournaments/${t.id}`, organizer);
    expect(view.body.participants.map((p: { userId: string }) => p.userId)).toEqual([a.id]);
  });

  it('when a tournament is invite-only, then strangers get 403 and an invited user is accepted on submit', async () => {
    const organizer = user();
    const t = await newTournament(organizer, { visibility: 'invite-only' });
    const [guest, stranger] = [user(), user()];
    expect(
      (await call('POST', `/api/tournaments/${t.id}/invitations`, stranger, { userId: guest.id })).status,
    ).toBe(403);
    const invited = await call('POST', `/api/tournaments/${t.id}/invitations`, organizer, {
      userId: guest.id,
    });
    expect(invited.status).toBe(201);
    await svc.events.waitFor(
      'tournament.invitation-sent',
      (e) => (e.data as { userId: string }).userId === guest.id,
    );
    expect((await apply(t.id, stranger)).status).toBe(403);
    const app = await call('POST', `/api/tournaments/${t.id}/applications`, guest, { bot: { local: true } });
    expect(app.body).toMatchObject({ status: 'accepted', bot: { local: true } });
    // invite-only tournaments are listed for the invited, not for strangers
    const seen = async (who: Who) =>
      (await call('GET', '/api/tournaments?status=upcoming', who)).body.items.some(
        (x: { id: string }) => x.id === t.id,
      );
    expect(await seen(guest)).toBe(true);
    expect(await seen(stranger)).toBe(false);
    const mine = await call('GET', '/api/tournaments?mine=true', guest);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
  });

  it("when a hosted bot is unknown, someone else's or not allowed to play ranked, then the application is refused and nothing is stored", async () => {
    const t = await newTournament(user());
    const [alice, bob] = [user(), user()];
    expect((await apply(t.id, alice, false)).body).toMatchObject({
      status: 422,
      title: 'Bot version may not play ranked battles',
    });
    const bobsBot = randomUUID();
    battles.bots.set(bobsBot, { ownerId: bob.id, rankedEligible: true });
    const asAlice = (bot: unknown) => call('POST', `/api/tournaments/${t.id}/applications`, alice, { bot });
    expect((await asAlice({ botVersionId: bobsBot })).status).toBe(403);
    expect((await asAlice({ botVersionId: randomUUID() })).status).toBe(422);
    const stored = await svc.ctx.db
      .selectFrom('applications')
      .select('id')
      .where('tournament_id', '=', t.id)
      .execute();
    expect(stored).toEqual([]);
    expect((await apply(t.id, alice)).status).toBe(201);
  });

  it('when the organiser edits or cancels, then it works before the start; others get 403', async () => {
    const organizer = user();
    const t = await newTournament(organizer);
    expect((await call('PATCH', `/api/tournaments/${t.id}`, user(), { title: 'Mine now' })).status).toBe(403);
    const edited = await call('PATCH', `/api/tournaments/${t.id}`, organizer, {
      title: 'Saturday Tanks',
      capacity: 8,
    });
    expect(edited.body).toMatchObject({ title: 'Saturday Tanks', capacity: 8 });
    const cancelled = await call('POST', `/api/tournaments/${t.id}/cancel`, organizer, { reason: 'rain' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'rain' });
    await svc.events.waitFor(
      'tournament.cancelled',
      (e) => (e.data as unknown as { tournamentId: string }).tournamentId === t.id,
    );
    expect((await call('POST', `/api/tournaments/${t.id}/cancel`, organizer)).status).toBe(409);
    expect((await apply(t.id, user())).status).toBe(409);
  });

  it('when a round-robin of 4 starts, then battles are created over gRPC and battle.finished drives it to final places and points', async () => {
    const organizer = user();
    const t = await newTournament(organizer);
    const [a, b, c, d] = [user(), user(), user(), user()];
    // skill known from the ratings stream: a 1800, b 1200, c −100 (counts as 0); d never played (a newcomer's 800)
    for (const [who, conservative] of [
      [a, 1800],
      [b, 1200],
      [c, -100],
    ] as const) {
      await publishAs(ratingsSvc as never, 'rating.changed', {
        userId: who.id,
        rating: conservative + 200,
        rd: 100,
        volatility: 0.06,
        conservative,
        points: 0,
        battles: 3,
        reason: 'battle',
        seq: 1,
        changedAt: new Date().toISOString(),
      });
    }
    await waitFor(
      async () => (await svc.ctx.db.selectFrom('skill_ratings').select('user_id').execute()).length >= 3,
    );
    for (const who of [a, b, c, d]) {
      const app = await apply(t.id, who);
      await call('POST', `/api/tournaments/${t.id}/applications/${app.body.id}/accept`, organizer);
    }
    const moved = await call('PATCH', `/api/tournaments/${t.id}`, organizer, {
      startsAt: inSeconds(1.5),
      registrationClosesAt: inSeconds(1),
    });
    expect(moved.status).toBe(200);

    const started = await svc.events.waitFor<{
      rating: number;
      weight: number;
      participants: Array<{ userId: string; seed: number }>;
    }>('tournament.started', (e) => (e.data as unknown as { tournamentId: string }).tournamentId === t.id, {
      timeoutMs: 20_000,
    });
    expect(started.data.rating).toBe(950); // (1800 + 1200 + 0 + 800) / 4
    expect(started.data.weight).toBe(950 / 1500);
    expect(started.data.participants).toEqual([
      { userId: a.id, seed: 1 },
      { userId: b.id, seed: 2 },
      { userId: d.id, seed: 3 },
      { userId: c.id, seed: 4 },
    ]);
    const seed = new Map(started.data.participants.map((p) => [p.userId, p.seed]));
    const callsOfRound = (r: number) =>
      battles.calls.filter((x) => x.requestId.startsWith(`tournament:${t.id}:round:${r}:`));

    for (let round = 1; round <= 3; round++) {
      await waitFor(async () => callsOfRound(round).length >= 2, { timeoutMs: 15_000 });
      const requests = callsOfRound(round);
      expect(requests.map((r) => r.requestId).sort()).toEqual([
        `tournament:${t.id}:round:${round}:match:1`,
        `tournament:${t.id}:round:${round}:match:2`,
      ]);
      for (const r of requests) {
        expect(r).toMatchObject({
          kind: 'tournament',
          ranked: true,
          contextId: t.id,
          mode: 'duel',
          rounds: 3,
        });
        expect(r.participants.every((p) => p.botVersionId !== '' && !p.local)).toBe(true);
      }
      if (round === 1) {
        const first = battles.byRequest.get(requests[0]!.requestId)!;
        const shown = async (status: string) => {
          const view = await call('GET', `/api/tournaments/${t.id}`, organizer);
          return view.body.rounds[0]?.battles.some(
            (x: { battleId: string; status: string }) => x.battleId === first.id && x.status === status,
          );
        };
        await waitFor(() => shown('scheduled')); // the CreateBattle answer is stored
        await publishAs(battlesSvc as never, 'battle.started', battleStarted(first));
        await waitFor(() => shown('running'));
      }
      for (const [i, r] of requests.entries()) {
        const battle = battles.byRequest.get(r.requestId)!;
        const [x, y] = battle.participants.map((p) => p.userId) as [string, string];
        const winner = seed.get(x)! < seed.get(y)! ? x : y;
        await publishAs(battlesSvc as never, 'battle.finished', battleFinished(battle, winner));
        // the first result of round 1 arrives twice (an upstream retry): it must count once
        if (round === 1 && i === 0) {
          await publishAs(battlesSvc as never, 'battle.finished', battleFinished(battle, winner));
        }
      }
    }

    const finished = await svc.events.waitFor<{
      participants: Array<{ userId: string; place: number; points: number }>;
    }>('tournament.finished', (e) => (e.data as unknown as { tournamentId: string }).tournamentId === t.id, {
      timeoutMs: 15_000,
    });
    expect(finished.data).toMatchObject({
      rating: 950,
      weight: 950 / 1500,
      seriesId: null,
      title: 'Friday Night Tanks',
    });
    expect(finished.data.participants).toEqual([
      { userId: a.id, place: 1, points: 63 },
      { userId: b.id, place: 2, points: 38 },
      { userId: d.id, place: 3, points: 25 },
      { userId: c.id, place: 4, points: 19 },
    ]);
    expect(battles.calls.filter((x) => x.contextId === t.id)).toHaveLength(6);
    const roundStarts = svc.events.events.filter(
      (e) =>
        e.type === 'tournament.round-started' && (e.data as { tournamentId: string }).tournamentId === t.id,
    );
    expect(roundStarts.map((e) => (e.data as { round: number }).round)).toEqual([1, 2, 3]);

    // battles start at once (no round lead configured): each player is reminded at once, once
    type Reminder = { tournamentId: string; battleId: string; userId: string; minutesBefore: number };
    const reminders = svc.events.events
      .filter((e) => e.type === 'tournament.battle-starting-soon')
      .map((e) => e.data as Reminder)
      .filter((r) => r.tournamentId === t.id);
    expect(reminders.every((r) => r.minutesBefore === 0)).toBe(true);
    const firstBattle = battles.byRequest.get(`tournament:${t.id}:round:1:match:1`)!;
    expect(
      reminders
        .filter((r) => r.battleId === firstBattle.id)
        .map((r) => r.userId)
        .sort(),
    ).toEqual(firstBattle.participants.map((p) => p.userId).sort());
    const keys = reminders.map((r) => `${r.battleId}/${r.userId}`);
    expect(new Set(keys).size).toBe(keys.length);

    const view = await call('GET', `/api/tournaments/${t.id}`, user());
    expect(view.body).toMatchObject({ status: 'finished', rating: 950, weight: 950 / 1500 });
    expect(
      view.body.participants.map((p: { userId: string; place: number; points: number }) => [
        p.userId,
        p.place,
        p.points,
      ]),
    ).toEqual([
      [a.id, 1, 63],
      [b.id, 2, 38],
      [d.id, 3, 25],
      [c.id, 4, 19],
    ]);
    expect(view.body.rounds).toHaveLength(3);
    for (const r of view.body.rounds) {
      expect(r.battles.map((x: { status: string }) => x.status)).toEqual(['finished', 'finished']);
    }
    const finishedList = await call('GET', '/api/tournaments?status=finished', organizer);
    expect(finishedList.body.items.map((x: { id: string }) => x.id)).toContain(t.id);
  });

  it('when an organiser makes a tournament a broadcast, then it says so and its battles are created as broadcasts', async () => {
    const organizer = user();
    const plain = await newTournament(organizer);
    expect(plain.broadcast).toBe(false);
    const t = await newTournament(organizer, { broadcast: true });
    expect(t.broadcast).toBe(true);
    // The organiser may switch it before the start; nobody else may.
    expect((await call('PATCH', `/api/tournaments/${t.id}`, user(), { broadcast: false })).status).toBe(403);
    const off = await call('PATCH', `/api/tournaments/${t.id}`, organizer, { broadcast: false });
    expect(off.body.broadcast).toBe(false);
    const on = await call('PATCH', `/api/tournaments/${t.id}`, organizer, { broadcast: true });
    expect(on.body.broadcast).toBe(true);
    for (const who of [user(), user()]) {
      const app = await apply(t.id, who);
      await call('POST', `/api/tournaments/${t.id}/applications/${app.body.id}/accept`, organizer);
    }
    await call('PATCH', `/api/tournaments/${t.id}`, organizer, {
      startsAt: inSeconds(1.5),
      registrationClosesAt: inSeconds(1),
    });
    const created = await waitFor(() => battles.calls.find((c) => c.contextId === t.id), {
      timeoutMs: 20_000,
    });
    expect(created).toMatchObject({ kind: 'tournament', ranked: true, broadcast: true });
  });

  it('when fewer than two entrants are accepted at the start, then the tournament is cancelled instead', async () => {
    const organizer = user();
    const t = await newTournament(organizer, {
      startsAt: inSeconds(1),
      registrationClosesAt: inSeconds(0.5),
    });
    const cancelled = await svc.events.waitFor<{ reason: string }>(
      'tournament.cancelled',
      (e) => (e.data as unknown as { tournamentId: string }).tournamentId === t.id,
      { timeoutMs: 20_000 },
    );
    expect(cancelled.data.reason).toContain('fewer than two');
  });

  it('when two instances share the database and bus, then the tournament starts exactly once', async () => {
    const second = await startTestService(tournamentsService, {
      env: {
        DATABASE_URL: svc.env.DATABASE_URL!,
        BUS_DATABASE_URL: svc.env.BUS_DATABASE_URL!,
        BUS_PREFIX: svc.env.BUS_PREFIX!,
        GARRISON_SERVICES: JSON.stringify({
          battles: { grpc: battlesSvc.grpcUrl },
          bots: { grpc: battlesSvc.grpcUrl },
        }),
      },
    });
    try {
      const organizer = user();
      const t = await newTournament(organizer, { format: 'single-elimination' });
      for (const who of [user(), user(), user()]) {
        const app = await apply(t.id, who);
        await call('POST', `/api/tournaments/${t.id}/applications/${app.body.id}/accept`, organizer);
      }
      // both instances schedule the start (the same job id), then both sweep for due tournaments
      const startsAt = new Date(Date.now() + 1500);
      await svc.ctx.db
        .updateTable('tournaments')
        .set({ starts_at: startsAt, registration_closes_at: startsAt })
        .where('id', '=', t.id)
        .execute();
      await Promise.all([
        scheduleStart(svc.ctx.scheduler, t.id, startsAt),
        scheduleStart(second.ctx.scheduler, t.id, startsAt),
      ]);
      const { startDueTournaments } = await import('../../src/app/start-tournament.js');
      await new Promise((r) => setTimeout(r, 1600));
      const deps = (s: { ctx: TestService<Database>['ctx'] }) => ({
        db: s.ctx.db,
        bus: s.ctx.bus,
        scheduler: s.ctx.scheduler,
        log: s.ctx.log,
        battles: { createBattle: async () => ({ battleId: randomUUID(), startsAt: null }) },
        bots: { version: async () => undefined },
        skills: { conservativeOf: async () => new Map<string, number>() },
        settings: { maxCapacity: 256, seriesRegistrationMinutes: 5, roundLeadSeconds: 0 },
      });
      await Promise.all([startDueTournaments(deps(svc)), startDueTournaments(deps(second))]);
      await waitFor(async () => battles.calls.some((x) => x.contextId === t.id), { timeoutMs: 15_000 });
      await new Promise((r) => setTimeout(r, 1500));
      const starts = svc.events.events.filter(
        (e) => e.type === 'tournament.started' && (e.data as { tournamentId: string }).tournamentId === t.id,
      );
      expect(starts).toHaveLength(1);
      // 3 entrants, single elimination: seed 1 has a bye, one semi-final battle
      const view = await call('GET', `/api/tournaments/${t.id}`, organizer);
      expect(view.body.rounds).toHaveLength(1);
      expect(view.body.rounds[0].byes).toHaveLength(1);
      expect(view.body.rounds[0].battles).toHaveLength(1);
      expect(battles.calls.filter((x) => x.contextId === t.id)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('when the battles service is down at the start, then the round waits and its battles are created once it is back', async () => {
    const organizer = user();
    const t = await newTournament(organizer);
    for (const who of [user(), user()]) {
      const app = await apply(t.id, who);
      await call('POST', `/api/tournaments/${t.id}/applications/${app.body.id}/accept`, organizer);
    }
    battles.down = true;
    try {
      await call('PATCH', `/api/tournaments/${t.id}`, organizer, {
        startsAt: inSeconds(1),
        registrationClosesAt: inSeconds(0.5),
      });
      await waitFor(async () => battles.calls.filter((x) => x.contextId === t.id).length >= 2, {
        timeoutMs: 20_000,
      });
      const waiting = await call('GET', `/api/tournaments/${t.id}`, organizer);
      expect(waiting.body.status).toBe('running');
      expect(waiting.body.rounds[0].battles[0]).toMatchObject({ battleId: null, status: 'pending' });
    } finally {
      battles.down = false;
    }
    const scheduled = await waitFor(
      async () => {
        const view = await call('GET', `/api/tournaments/${t.id}`, organizer);
        return view.body.rounds[0].battles[0].battleId as string | null;
      },
      { timeoutMs: 20_000 },
    );
    const created = [...battles.byRequest.values()].filter((b) => b.contextId === t.id);
    expect(created.map((b) => b.id)).toEqual([scheduled]);

    // a scheduled "starting soon" reminder fires once for a battle still to be played
    const [player] = created[0]!.participants.map((p) => p.userId);
    const reminder = {
      tournamentId: t.id,
      title: 'Friday Night Tanks',
      battleId: scheduled,
      userId: player!,
      startsAt: inSeconds(60),
    };
    const soon = new Date(Date.now() + 300);
    await svc.ctx.scheduler.runAt('remind-battle', soon, { ...reminder, minutesBefore: 1 });
    await svc.ctx.scheduler.runAt('remind-battle', soon, { ...reminder, minutesBefore: 1 }); // a repeat
    await svc.ctx.scheduler.runAt('remind-battle', new Date(Date.now() + 800), {
      ...reminder,
      minutesBefore: 5,
    });
    const isOurs = (m: number) => (e: { type: string; data: unknown }) =>
      e.type === 'tournament.battle-starting-soon' &&
      (e.data as { battleId: string; minutesBefore: number }).battleId === scheduled &&
      (e.data as { minutesBefore: number }).minutesBefore === m;
    await svc.events.waitFor('tournament.battle-starting-soon', isOurs(5), { timeoutMs: 15_000 });
    await svc.events.waitFor('tournament.battle-starting-soon', isOurs(1), { timeoutMs: 15_000 });
    expect(svc.events.events.filter(isOurs(1))).toHaveLength(1);
  });

  it('when a battle.finished names a running tournament but no battle of it, then it is retried and dead-lettered; other kinds are ignored', async () => {
    const organizer = user();
    const t = await newTournament(organizer);
    for (const who of [user(), user()]) {
      const app = await apply(t.id, who);
      await call('POST', `/api/tournaments/${t.id}/applications/${app.body.id}/accept`, organizer);
    }
    await call('PATCH', `/api/tournaments/${t.id}`, organizer, {
      startsAt: inSeconds(1),
      registrationClosesAt: inSeconds(0.5),
    });
    await svc.events.waitFor(
      'tournament.started',
      (e) => (e.data as unknown as { tournamentId: string }).tournamentId === t.id,
      { timeoutMs: 20_000 },
    );
    const unknownBattle = create(BattleSchema, {
      id: randomUUID(),
      contextId: t.id,
      participants: [
        { userId: randomUUID(), botVersionId: randomUUID() },
        { userId: randomUUID(), botVersionId: randomUUID() },
      ],
    });
    const bogus = battleFinished(unknownBattle, unknownBattle.participants[0]!.userId);
    await publishAs(battlesSvc as never, 'battle.finished', bogus);
    await publishAs(battlesSvc as never, 'battle.finished', {
      ...bogus,
      battleId: randomUUID(),
      kind: 'practice',
    });
    const dataOf = (d: { envelope: unknown }) =>
      (d.envelope as { data: { battleId: string; kind: string } }).data;
    const dead = await waitFor(
      async () => (await svc.ctx.bus.deadLetters()).find((d) => dataOf(d).battleId === unknownBattle.id),
      { timeoutMs: 20_000 },
    );
    expect(dead.reason).toContain('matches no open battle');
    expect((await svc.ctx.bus.deadLetters()).filter((d) => dataOf(d).kind === 'practice')).toEqual([]);
    const view = await call('GET', `/api/tournaments/${t.id}`, organizer);
    expect(view.body.status).toBe('running');
    expect(view.body.rounds[0].battles.map((b: { status: string }) => b.status)).not.toContain('finished');
  });

  it('when series editions start, then each creates the next and a later edition weighs more by the series rating', async () => {
    const organizer = user();
    const series = await call('POST', '/api/series', organizer, {
      title: 'Weekly Duel',
      format: 'single-elimination',
      rules: { mode: 'duel' },
      capacity: 8,
      schedule: { every: 'week', weekday: 'friday', at: '20:30', timezone: 'America/New_York' },
    });
    expect(series.status).toBe(201);
    const skilled = async (conservative: number) => {
      const who = user();
      await publishAs(ratingsSvc as never, 'rating.changed', {
        userId: who.id,
        rating: conservative + 100,
        rd: 50,
        volatility: 0.06,
        conservative,
        points: 0,
        battles: 10,
        reason: 'battle',
        seq: 1,
        changedAt: new Date().toISOString(),
      });
      return who;
    };
    /** Fills the upcoming edition with two players of the given skill and starts it now. */
    const playEdition = async (conservative: number) => {
      const { body } = await call('GET', `/api/series/${series.body.id}`, organizer);
      const edition = body.editions.find((e: { status: string }) => e.status === 'upcoming');
      const players = [await skilled(conservative), await skilled(conservative)];
      await waitFor(async () => {
        const rows = await svc.ctx.db
          .selectFrom('skill_ratings')
          .select('user_id')
          .where(
            'user_id',
            'in',
            players.map((p) => p.id),
          )
          .execute();
        return rows.length === 2;
      });
      // registration may already be closed for an edition due soon: open it for the test
      await svc.ctx.db
        .updateTable('tournaments')
        .set({ registration_closes_at: new Date(Date.now() + 3_600_000) })
        .where('id', '=', edition.id)
        .execute();
      for (const who of players) {
        const app = await apply(edition.id, who);
        await call('POST', `/api/tournaments/${edition.id}/applications/${app.body.id}/accept`, organizer);
      }
      const startsAt = new Date(Date.now() + 1000);
      await svc.ctx.db
        .updateTable('tournaments')
        .set({ starts_at: startsAt, registration_closes_at: startsAt })
        .where('id', '=', edition.id)
        .execute();
      await scheduleStart(svc.ctx.scheduler, edition.id, startsAt);
      return svc.events.waitFor<{ rating: number; weight: number; seriesId: string }>(
        'tournament.started',
        (e) => (e.data as unknown as { tournamentId: string }).tournamentId === edition.id,
        { timeoutMs: 20_000 },
      );
    };
    const first = await playEdition(1500);
    expect(first.data).toMatchObject({ rating: 1500, weight: 1, seriesId: series.body.id });
    const second = await playEdition(3000);
    // own weight 2, lifted by the series rating so far (1500): × (1 + 1500 / 15000)
    expect(second.data.rating).toBe(3000);
    expect(second.data.weight).toBeCloseTo(2.2, 10);
    const after = await call('GET', `/api/series/${series.body.id}`, organizer);
    expect(after.body.editions.map((e: { title: string; status: string }) => [e.title, e.status])).toEqual([
      ['Weekly Duel #3', 'upcoming'],
      ['Weekly Duel #2', 'running'],
      ['Weekly Duel #1', 'running'],
    ]);
    expect(after.body.rating).toBeCloseTo(1500 * 0.9 + 3000, 10);
  });

  it('when a series is created, then its first edition exists at the next scheduled time and GET shows editions and rating', async () => {
    const organizer = user();
    const res = await call('POST', '/api/series', organizer, {
      title: 'Daily Duel',
      format: 'swiss',
      rules: { mode: 'duel' },
      capacity: 16,
      visibility: 'public',
      schedule: { every: 'day', at: '18:00', timezone: 'Europe/Berlin' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Daily Duel', rating: 0 });
    expect(res.body.editions).toHaveLength(1);
    const edition = res.body.editions[0];
    expect(edition).toMatchObject({
      title: 'Daily Duel #1',
      seriesId: res.body.id,
      status: 'upcoming',
      format: 'swiss',
    });
    expect(new Date(edition.startsAt).getTime()).toBeGreaterThan(Date.now());
    const got = await call('GET', `/api/series/${res.body.id}`, user());
    expect(got.body.editions.map((e: { id: string }) => e.id)).toEqual([edition.id]);
    const badSchedule = await call('POST', '/api/series', organizer, {
      title: 'Weekly',
      format: 'swiss',
      rules: { mode: 'duel' },
      capacity: 16,
      schedule: { every: 'week', at: '18:00', timezone: 'Nowhere/Land' },
    });
    expect(badSchedule.status).toBe(422);
    expect(badSchedule.body.detail).toContain('weekday');
  });
});
