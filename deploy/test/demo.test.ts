/**
 * `npm start -- --demo` on the processes `--profile tanks` runs: the demo seeds through the gateway, the
 * short tournament finishes with places and replays, a series waits for its next edition, and a
 * second run on the same data adds nothing.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/boot.js';
import { DemoApi } from '../src/demo/api.js';
import { DEMO_PLAYERS, ORGANISER } from '../src/demo/cast.js';
import { runDemo, type DemoResult } from '../src/demo/run-demo.js';
import type { SeriesView, TournamentSummary, TournamentView } from '../src/demo/tournaments.js';
import { Log, RingSink } from '../src/log.js';
import { startSystem, type RunningSystem } from '../src/system.js';

const SYSTEM_START_MS = 180_000;
const DEMO_MS = 180_000;

describe('npm start -- --demo (profile tanks)', () => {
  let system: RunningSystem | undefined;
  let api: DemoApi;
  const ring = new RingSink(200);
  const log = new Log({ sink: ring, color: false, minLevel: 'info', nameWidth: 13 });
  let first: DemoResult;
  let organiserToken: string;

  const demo = () =>
    runDemo({
      url: system!.url,
      dataDir: system!.dataDir,
      repoRoot: REPO_ROOT,
      profile: 'tanks',
      adminPassword: system!.adminPassword,
      say: log.source('demo'),
      finishTimeoutMs: 120_000,
    });

  const logIn = async (login: string, password: string): Promise<string> =>
    (await api.post<{ accessToken: string }>('/api/auth/login', { login, password })).accessToken;

  /** What a second run could duplicate: tournaments, bots and practice battles of every demo player. */
  async function snapshot(): Promise<unknown> {
    const tournaments = await api.get<{ items: TournamentSummary[] }>(
      '/api/tournaments?limit=200',
      organiserToken,
    );
    const perPlayer: Record<string, unknown> = {};
    for (const player of DEMO_PLAYERS) {
      const token = await logIn(player.login, first.password);
      const me = await api.get<{ id: string }>('/api/users/me', token);
      const bots = await api.get<{ items: { id: string }[] }>(`/api/bots?owner=${me.id}`, token);
      const practice = await api.get<{ items: { id: string }[] }>(
        `/api/battles?user=${me.id}&kind=practice&limit=100`,
        token,
      );
      perPlayer[player.login] = {
        bots: bots.items.map((b) => b.id),
        practice: practice.items.map((b) => b.id),
      };
    }
    return { tournaments: tournaments.items.map((t) => t.id).sort(), perPlayer };
  }

  beforeAll(async () => {
    system = await startSystem({ profile: 'tanks', buildWeb: false });
    api = new DemoApi(system.url);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  it(
    'when the demo runs on a fresh system, then a tournament has finished with places and downloadable replays, another is under way and a weekly series waits for its next edition',
    async () => {
      first = await demo().catch((err: Error) => {
        err.message += `\n--- demo log ---\n${ring.tail(40)}\n--- system ---\n${system!.logTail(60)}`;
        throw err;
      });
      expect(first.problems).toEqual([]);
      expect(first.alreadySeeded).toBe(false);
      expect(first.players).toEqual(DEMO_PLAYERS.map((p) => p.login));
      organiserToken = await logIn(ORGANISER.login, first.password);

      const finished = await api.get<TournamentView>(
        `/api/tournaments/${first.finishedTournamentId}`,
        organiserToken,
      );
      expect(finished.status).toBe('finished');
      expect(finished.participants).toHaveLength(4);
      expect(finished.participants.every((p) => p.place !== null && p.place >= 1 && p.place <= 4)).toBe(true);
      expect(finished.participants.some((p) => p.place === 1)).toBe(true);
      const battles = finished.rounds.flatMap((r) => r.battles);
      expect(battles).toHaveLength(6); // a round robin of four
      for (const battle of battles) {
        expect(battle.status).toBe('finished');
        const replay = await fetch(`${system!.url}/api/battles/${battle.battleId}/replay`, {
          headers: { authorization: `Bearer ${organiserToken}` },
        });
        expect(replay.status).toBe(200);
        expect(replay.headers.get('content-type')).toBe('application/gzip');
        const lines = gunzipSync(Buffer.from(await replay.arrayBuffer()))
          .toString('utf8')
          .trim()
          .split('\n');
        expect(lines.length).toBeGreaterThan(1);
      }

      const running = await api.get<TournamentView>(
        `/api/tournaments/${first.runningTournamentId}`,
        organiserToken,
      );
      expect(running.status).toBe('running');
      expect(running.participants).toHaveLength(DEMO_PLAYERS.length);

      const series = await api.get<SeriesView>(`/api/series/${first.seriesId}`, organiserToken);
      const next = series.editions.find((e) => e.status === 'upcoming');
      expect(next).toBeDefined();
      expect(new Date(next!.startsAt).getTime()).toBeGreaterThan(Date.now());
    },
    DEMO_MS,
  );

  it(
    'when the demo runs again on the same data, then it says so and adds nothing',
    async () => {
      expect(first, 'the first run must have succeeded').toBeDefined();
      const before = await snapshot();
      const again = await demo();
      expect(again).toMatchObject({
        alreadySeeded: true,
        problems: [],
        password: first.password,
        finishedTournamentId: first.finishedTournamentId,
        runningTournamentId: first.runningTournamentId,
        seriesId: first.seriesId,
      });
      expect(await snapshot()).toEqual(before);
    },
    DEMO_MS,
  );
});

describe('npm start -- --demo (profile ates)', () => {
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    system = await startSystem({ profile: 'ates', buildWeb: false });
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  it(
    'when the demo runs, then a manager has put tasks on the board, one is done, and a second run adds none',
    async () => {
      const log = new Log({ sink: new RingSink(50), color: false, minLevel: 'info', nameWidth: 13 });
      const demo = () =>
        runDemo({
          url: system!.url,
          dataDir: system!.dataDir,
          repoRoot: REPO_ROOT,
          profile: 'ates',
          adminPassword: system!.adminPassword,
          say: log.source('demo'),
        });
      const first = await demo();
      expect(first).toMatchObject({ alreadySeeded: false, problems: [], manager: 'demo-manager' });
      expect(first.finishedTournamentId).toBeUndefined(); // no tanks in this profile

      const api = new DemoApi(system!.url);
      const { accessToken } = await api.post<{ accessToken: string }>('/api/auth/login', {
        login: 'demo-manager',
        password: first.password,
      });
      const board = async () =>
        (await api.get<{ items: { jiraId: string; status: string }[] }>('/api/tasks?limit=500', accessToken))
          .items;
      const tasks = await board();
      expect(tasks.map((t) => t.jiraId).sort()).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3']);
      expect(tasks.filter((t) => t.status === 'done')).toHaveLength(1);

      expect(await demo()).toMatchObject({ alreadySeeded: true, problems: [] });
      expect(await board()).toEqual(tasks);
    },
    DEMO_MS,
  );
});
