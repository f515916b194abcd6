/**
 * Rules v2 end to end (issue 12, ADR 230), black-box through the gateway on the `tanks` profile: a
 * tournament and a challenge on the obstacle arena are played by the battles service's workers, and
 * every battle and downloaded replay says rules version 2, with the obstacles in the replay header.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { finishedTournament, players, secondsFromNow, type Player } from './support/tanks.js';
import { sendChallenge } from './support/live-battles.js';

const SYSTEM_START_MS = 180_000;
const STEP_MS = 150_000;
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

describe('rules v2 through the gateway (tanks profile, hosted bots)', () => {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let organiser: Account;
  let entrants: Player[];

  beforeAll(async () => {
    system = await startSystem({ profile: 'tanks', buildWeb: false, env: { GARRISON_RATE_LIMIT: 'off' } });
    api = new ApiClient(system.url);
    organiser = await registerAndLogin(api, 'organiser');
    entrants = await players(api, 'v2-', 2);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  /** The finished battle and its downloaded replay, which must be rules v2 and re-simulate. */
  async function expectV2Battle(battleId: string, as: Account): Promise<void> {
    const battle = await waitFor(
      async () => {
        const res = await api.get(`/api/battles/${battleId}`, { token: as.accessToken });
        return res.body.status === 'finished' ? (res.body as Json) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, message: `battle ${battleId} finished` },
    );
    expect(battle.rulesVersion).toBe(2);
    const res = await fetch(`${system!.url}/api/battles/${battleId}/replay`, {
      headers: { authorization: `Bearer ${as.accessToken}` },
    });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const header = JSON.parse(gunzipSync(bytes).toString('utf8').split('\n')[0]!) as Json;
    expect(header.rulesVersion).toBe(2);
    expect((header.arena.obstacles as Json[]).length).toBeGreaterThan(0);
    // The Agent re-simulates the downloaded file under v2 to the places the service recorded.
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-v2-')), 'r.jsonl.gz');
    await fs.writeFile(file, bytes);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'apps/agent/src/cli.ts'), 'replay', file, '--json'],
      { cwd: REPO },
    );
    const replayed = JSON.parse(stdout) as {
      rulesVersion: number;
      places: Array<{ bot: string; place: number }>;
    };
    expect(replayed.rulesVersion).toBe(2);
    const placeOf = new Map(replayed.places.map((p) => [p.bot, p.place]));
    for (const seat of battle.participants as Json[]) expect(placeOf.get(seat.name)).toBe(seat.place);
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  }

  it(
    'when a tournament is organised on rules v2, then its battles are played on the obstacle arena',
    async () => {
      expectProblem(
        await api.post(
          '/api/tournaments',
          {
            title: 'Future',
            format: 'round-robin',
            capacity: 2,
            rules: { mode: 'duel', version: 9 },
            startsAt: secondsFromNow(60),
          },
          { token: organiser.accessToken },
        ),
        400,
      );
      const created = await api.post(
        '/api/tournaments',
        {
          title: `obstacle cup ${Date.now()}`,
          format: 'round-robin',
          capacity: 2,
          visibility: 'public',
          rules: { mode: 'duel', rounds: 1, version: 2 },
          startsAt: secondsFromNow(8),
        },
        { token: organiser.accessToken },
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.rules).toEqual({ mode: 'duel', rounds: 1, version: 2 });
      const id = created.body.id as string;
      for (const p of entrants) {
        const app = await api.post(
          `/api/tournaments/${id}/applications`,
          { bot: { botVersionId: p.botVersionId } },
          { token: p.accessToken },
        );
        expect(app.status, JSON.stringify(app.body)).toBe(201);
        const ok = await api.post(`/api/tournaments/${id}/applications/${app.body.id}/accept`, undefined, {
          token: organiser.accessToken,
        });
        expect(ok.status).toBe(200);
      }
      const finished = await finishedTournament(api, organiser, id, STEP_MS);
      const battleIds = (finished.rounds as Json[]).flatMap((r) =>
        (r.battles as Json[]).map((b) => b.battleId),
      );
      expect(battleIds).toHaveLength(1);
      await expectV2Battle(battleIds[0] as string, entrants[0]!);
    },
    STEP_MS + 30_000,
  );

  it(
    'when a challenge on rules v2 is accepted, then its battle is played on the obstacle arena',
    async () => {
      const [a, b] = entrants as [Player, Player];
      const sent = await sendChallenge(
        api,
        a,
        b,
        { botVersionId: a.botVersionId },
        { rounds: 1, version: 2 },
      );
      expect(sent.rules).toEqual({ mode: 'duel', rounds: 1, version: 2 });
      const accepted = await api.post(
        `/api/challenges/${sent.id}/accept`,
        { bot: { botVersionId: b.botVersionId } },
        { token: b.accessToken },
      );
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      await expectV2Battle(accepted.body.battleId as string, a);
    },
    STEP_MS,
  );
});
