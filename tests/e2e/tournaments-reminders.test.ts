/**
 * "Starting soon" reminders that are scheduled jobs (SPEC 3.5), end to end with TWO tournaments
 * instances on one database and bus: with a round lead of 65 s a round's battles start 65 s after
 * it opens (the battles service's start-battle job), so the 1-minute reminder is a `remind-battle`
 * job that either instance may run. Each entrant must be reminded exactly once, before the battle,
 * and the battle must not start early. (The at-once reminders are in tournaments.test.ts.)
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { startExtraInstance, type ExtraInstance } from './support/tanks-instance.js';
import {
  finishedTournament,
  players,
  secondsFromNow,
  toldAbout,
  waitUntilTold,
  wholeInbox,
} from './support/tanks.js';

const SYSTEM_START_MS = 180_000;
const ROUND_LEAD_SECONDS = 65;
const TOURNAMENT_MS = 180_000;

describe('scheduled reminders with two tournaments instances (tanks profile)', () => {
  let system: RunningSystem | undefined;
  let second: ExtraInstance | undefined;
  let api: ApiClient;
  let organiser: Account;

  beforeAll(async () => {
    const env = {
      GARRISON_RATE_LIMIT: 'off',
      TOURNAMENTS_ROUND_LEAD_SECONDS: String(ROUND_LEAD_SECONDS),
    };
    system = await startSystem({ profile: 'tanks', buildWeb: false, env });
    second = await startExtraInstance(system, 'tournaments');
    api = new ApiClient(system.url);
    organiser = await registerAndLogin(api, 'organiser');
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await second?.stop();
    await system?.stop();
  }, SYSTEM_START_MS);

  it(
    'when a battle is scheduled 65 s after its round opens, then each entrant is reminded once a minute before, by whichever instance, and the battle starts on time',
    async () => {
      const entrants = await players(api, 'remind', 2);
      const created = await api.post(
        '/api/tournaments',
        {
          title: `Reminded ${Date.now()}`,
          format: 'single-elimination',
          capacity: 2,
          visibility: 'public',
          rules: { mode: 'duel', rounds: 1 },
          startsAt: secondsFromNow(10),
        },
        { token: organiser.accessToken },
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const t = created.body;
      for (const p of entrants) {
        const applied = await api.post(
          `/api/tournaments/${t.id}/applications`,
          { bot: { botVersionId: p.botVersionId } },
          { token: p.accessToken },
        );
        expect(applied.status).toBe(201);
        const accepted = await api.post(
          `/api/tournaments/${t.id}/applications/${applied.body.id}/accept`,
          undefined,
          { token: organiser.accessToken },
        );
        expect(accepted.status).toBe(200);
      }

      // the reminder arrives while the battle is still waiting for its start
      const reminded = await waitUntilTold(api, entrants, 'battle.starting-soon', t.id, 1, 90_000);
      const battleId = reminded.get(entrants[0]!.id)![0].data.battleId as string;
      const waiting = await api.get(`/api/battles/${battleId}`, { token: organiser.accessToken });
      expect(waiting.body).toMatchObject({ status: 'scheduled', kind: 'tournament', startedAt: null });
      for (const p of entrants) {
        const { data } = reminded.get(p.id)![0];
        expect(data).toMatchObject({ battleId, minutesBefore: 1 });
        expect(new Date(data.startsAt).getTime()).toBe(new Date(waiting.body.startsAt).getTime());
      }

      await finishedTournament(api, organiser, t.id, TOURNAMENT_MS);
      const battle = (await api.get(`/api/battles/${battleId}`, { token: organiser.accessToken })).body;
      expect(battle.status).toBe('finished');
      const at = (iso: string) => new Date(iso).getTime();
      // created when the round opened, started no earlier than the round lead says
      expect(at(battle.startsAt) - at(battle.createdAt)).toBeGreaterThanOrEqual(
        (ROUND_LEAD_SECONDS - 5) * 1000,
      );
      expect(at(battle.startedAt)).toBeGreaterThanOrEqual(at(battle.startsAt));

      const resultsFor = async (p: Account) =>
        (await wholeInbox(api, p)).filter(
          (n) => n.type === 'battle.finished' && n.data.battleId === battleId,
        );
      for (const p of entrants) {
        // once only, although both instances run the remind-battle jobs
        expect(await toldAbout(api, p, 'battle.starting-soon', t.id)).toHaveLength(1);
        // the result reaches the inbox through the bus after the tournament reads finished: wait for it
        await waitFor(async () => (await resultsFor(p)).length > 0, {
          timeoutMs: 60_000,
          intervalMs: 500,
          message: `${p.login} told the battle's result`,
        });
        expect(await resultsFor(p)).toHaveLength(1);
      }
      const reminder = reminded.get(entrants[0]!.id)![0] as Json;
      expect(new Date(reminder.createdAt).getTime()).toBeLessThan(new Date(battle.startedAt).getTime());
    },
    TOURNAMENT_MS + 60_000,
  );
});
