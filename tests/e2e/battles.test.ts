/**
 * Tanks battles end to end, black-box through the gateway, on the processes
 * `npm start -- --profile tanks` runs: a practice battle is played by a battle worker, spectated
 * over WebSocket, and its replay — downloaded as a file — is re-simulated by the Agent's own
 * `replay` command to the places and scores the service recorded. With the bots service running,
 * the user's uploaded bot plays `tracker`, and the user gets a `battle.finished` notification.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { serviceByName } from '@garrison/deploy';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { waitFor } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { openStream } from './support/ws-client.js';

const SYSTEM_START_MS = 180_000;
const STEP_MS = 90_000;
const BATTLE = { timeoutMs: 60_000, intervalMs: 300 };
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const botsRunning = serviceByName('bots').implemented;

const BOT_SOURCE = `export default {
  onRoundStart() { console.log('ready to roll'); },
  onTick(tick) {
    const seen = tick.events.find((e) => e.type === 'scan');
    return { speed: 6, bodyTurn: 4, radarTurn: 45, turretTurn: seen ? 0 : 20, fire: seen ? 2 : 0 };
  },
};`;

interface AgentResults {
  seed: number;
  rounds: number;
  places: Array<{ bot: string; place: number; score: number }>;
}

/** `garrison-agent replay <file> --json`: the Agent re-simulates the downloaded file. */
async function agentReplay(file: string): Promise<AgentResults> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'apps/agent/src/cli.ts'), 'replay', file, '--json'],
    { cwd: REPO },
  );
  return JSON.parse(stdout) as AgentResults;
}

describe('tanks battles through the gateway (embedded PostgreSQL, pg-boss bus)', () => {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let player: Account;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-battles-e2e-'));
    system = await startSystem({ profile: 'tanks', buildWeb: false, env: { GARRISON_RATE_LIMIT: 'off' } });
    api = new ApiClient(system.url);
    player = await registerAndLogin(api, 'tanker');
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }, SYSTEM_START_MS);

  async function finishedBattle(id: string): Promise<Json> {
    return waitFor(
      async () => {
        const res = await api.get(`/api/battles/${id}`, { token: player.accessToken });
        expect(res.status).toBe(200);
        return res.body.status === 'finished' ? res.body : undefined;
      },
      { ...BATTLE, message: `battle ${id} finished` },
    );
  }

  /** Downloads the replay as a file, as a player would, and has the Agent re-simulate it. */
  async function replayMatchesRecord(battle: Json): Promise<string> {
    const res = await fetch(`${system!.url}/api/battles/${battle.id}/replay`, {
      headers: { authorization: `Bearer ${player.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const file = path.join(dir, `${battle.id}.jsonl.gz`);
    const bytes = Buffer.from(await res.arrayBuffer());
    await fs.writeFile(file, bytes);
    const results = await agentReplay(file);
    expect(results).toMatchObject({ seed: battle.seed, rounds: battle.rounds });
    const byName = new Map(results.places.map((p) => [p.bot, p]));
    for (const seat of battle.participants as Json[]) {
      const replayed = byName.get(seat.name)!;
      expect(replayed.place).toBe(seat.place);
      expect(replayed.score).toBeCloseTo(seat.score, 2);
    }
    return gunzipSync(bytes).toString('utf8');
  }

  it(
    'when a player starts a practice battle of two built-in bots, then a worker plays it, a spectator sees the result, and the Agent re-simulates the replay to the recorded places',
    async () => {
      const created = await api.post(
        '/api/battles',
        { participants: [{ builtin: 'tracker' }, { builtin: 'sniper' }], rounds: 1, seed: 2026 },
        { token: player.accessToken },
      );
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(String), status: 'scheduled' });

      const stream = await openStream(
        `${api.baseUrl}/api/battles/${created.body.id}/live?access_token=${player.accessToken}`,
      );
      try {
        const result = await stream.waitFor((m) => m.type === 'result', STEP_MS);
        expect(result.battle).toMatchObject({ id: created.body.id, status: 'finished' });
      } finally {
        await stream.close();
      }

      const battle = await finishedBattle(created.body.id);
      expect(battle).toMatchObject({
        kind: 'practice',
        seed: 2026,
        rounds: 1,
        mode: 'duel',
        rulesVersion: 1,
      });
      expect((battle.participants as Json[]).map((p) => p.place).sort()).toEqual([1, 2]);
      await replayMatchesRecord(battle);

      const listed = await api.get('/api/battles?kind=practice&status=finished', {
        token: player.accessToken,
      });
      expect(listed.body.items.map((b: Json) => b.id)).toContain(battle.id);
    },
    STEP_MS,
  );

  it(
    'when a player asks for rules version 2, then the battle is played on the obstacle arena and the Agent re-simulates its v2 replay to the recorded places',
    async () => {
      const created = await api.post(
        '/api/battles',
        {
          participants: [{ builtin: 'duelist' }, { builtin: 'tracker' }],
          rounds: 1,
          seed: 2027,
          rulesVersion: 2,
        },
        { token: player.accessToken },
      );
      expect(created.status).toBe(201);
      const battle = await finishedBattle(created.body.id);
      expect(battle).toMatchObject({ kind: 'practice', seed: 2027, rulesVersion: 2 });
      const header = JSON.parse((await replayMatchesRecord(battle)).split('\n')[0]!) as Json;
      expect(header.rulesVersion).toBe(2);
      expect((header.arena.obstacles as Json[]).length).toBeGreaterThan(0);
      expectProblem(
        await api.post(
          '/api/battles',
          { participants: [{ builtin: 'tracker' }, { builtin: 'sniper' }], rulesVersion: 3 },
          { token: player.accessToken },
        ),
        400,
      );
    },
    STEP_MS,
  );

  it('when a practice battle is asked for badly, then 400/401 problem+json', async () => {
    expectProblem(
      await api.post(
        '/api/battles',
        { participants: [{ builtin: 'tracker' }] },
        { token: player.accessToken },
      ),
      400,
    );
    expectProblem(
      await api.post(
        '/api/battles',
        { participants: [{ builtin: 'tracker' }, { builtin: 'nobody' }] },
        { token: player.accessToken },
      ),
      400,
    );
    expectProblem(await api.get('/api/battles'), 401);
  });

  it.skipIf(!botsRunning)(
    "when a player uploads a bot and plays it against tracker, then they are told the result with a replay link and their replay carries their bot's debug log",
    async () => {
      const bot = await api.post('/api/bots', { name: 'roller' }, { token: player.accessToken });
      expect(bot.status).toBe(201);
      const version = await api.post(
        `/api/bots/${bot.body.id}/versions`,
        { source: BOT_SOURCE, language: 'js' },
        { token: player.accessToken },
      );
      expect(version.status).toBe(201);
      expect(version.body.status).toBe('valid');

      const created = await api.post(
        '/api/battles',
        { participants: [{ botVersionId: version.body.id }, { builtin: 'tracker' }], rounds: 1 },
        { token: player.accessToken },
      );
      expect(created.status).toBe(201);
      const battle = await finishedBattle(created.body.id);
      expect(battle.participants[0]).toMatchObject({ userId: player.id, botVersionId: version.body.id });

      const notification = await waitFor(
        async () => {
          const inbox = await api.get('/api/notifications', { token: player.accessToken });
          return (inbox.body.items as Json[]).find(
            (n) => n.type === 'battle.finished' && n.data.battleId === battle.id,
          );
        },
        { ...BATTLE, message: 'battle.finished notification' },
      );
      expect(notification.data).toMatchObject({
        place: battle.participants[0].place,
        replayUrl: `/api/battles/${battle.id}/replay`,
      });

      const text = await replayMatchesRecord(battle);
      const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as Json;
      expect(header.debugLogs).toHaveLength(1);
      expect(header.debugLogs[0].entries.some((e: Json) => e.text.includes('ready to roll'))).toBe(true);
    },
    STEP_MS,
  );
});
