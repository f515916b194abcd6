/**
 * Battles between two players through the gateway, as they make them: a challenge sent and
 * accepted, the battle followed to its end, its replay downloaded and re-simulated by the Agent's
 * `replay` command, and the notifications each player gets.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { waitFor } from '@garrison/kit/testing';
import type { Account, ApiClient, Json } from './api-client.js';
import { wholeInbox } from './tanks.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

export type BotChoice = { local: true } | { botVersionId: string };

function expectStatus(what: string, response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status)
    throw new Error(
      `${what} answered ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`,
    );
}

/**
 * POST /api/challenges. A player who registered a moment ago may not be known to matchmaking yet
 * (its players come from user.created): that 404 is retried, anything else fails.
 */
export async function sendChallenge(
  api: ApiClient,
  challenger: Account,
  opponent: Account,
  bot: BotChoice,
  rules: { mode?: 'duel'; rounds: number; version?: number },
  ranked = false,
): Promise<Json> {
  return waitFor(
    async () => {
      const res = await api.post(
        '/api/challenges',
        { opponentId: opponent.id, bot, rules, ranked },
        { token: challenger.accessToken },
      );
      if (res.status === 404) return undefined;
      expectStatus('sending a challenge', res, 201);
      return res.body;
    },
    { timeoutMs: 30_000, intervalMs: 300, message: `matchmaking knows ${opponent.login}` },
  );
}

/** POST /api/challenges/{id}/accept by the opponent: the battle is created then. */
export async function acceptChallenge(
  api: ApiClient,
  opponent: Account,
  challengeId: string,
  bot: BotChoice,
): Promise<Json> {
  const res = await api.post(
    `/api/challenges/${challengeId}/accept`,
    { bot },
    { token: opponent.accessToken },
  );
  expectStatus('accepting the challenge', res, 200);
  return res.body;
}

/** GET /api/battles/{id} until it has ended; a cancelled battle fails with its reason. */
export async function finishedBattle(
  api: ApiClient,
  account: Account,
  id: string,
  timeoutMs: number,
): Promise<Json> {
  return waitFor(
    async () => {
      const res = await api.get(`/api/battles/${id}`, { token: account.accessToken });
      expectStatus(`battle ${id}`, res, 200);
      if (res.body.status === 'cancelled')
        throw new Error(`battle ${id} was cancelled: ${res.body.cancelReason}`);
      return res.body.status === 'finished' ? res.body : undefined;
    },
    { timeoutMs, intervalMs: 300, message: `battle ${id} finished` },
  );
}

interface AgentResults {
  seed: number;
  rounds: number;
  places: Array<{ bot: string; place: number; score: number }>;
}

/**
 * Downloads the battle's replay as a player would and has `garrison-agent replay --json`
 * re-simulate it; returns the Agent's results, places by seat name.
 */
export async function replayedByAgent(
  api: ApiClient,
  account: Account,
  battleId: string,
  dir: string,
): Promise<{ seed: number; rounds: number; byName: Map<string, { place: number; score: number }> }> {
  const res = await fetch(`${api.baseUrl}/api/battles/${battleId}/replay`, {
    headers: { authorization: `Bearer ${account.accessToken}` },
  });
  if (res.status !== 200) throw new Error(`the replay of ${battleId} answered ${res.status}`);
  const file = path.join(dir, `${battleId}.jsonl.gz`);
  await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'apps/agent/src/cli.ts'), 'replay', file, '--json'],
    { cwd: REPO },
  );
  const results = JSON.parse(stdout) as AgentResults;
  const byName = new Map(results.places.map((p) => [p.bot, { place: p.place, score: p.score }]));
  return { seed: results.seed, rounds: results.rounds, byName };
}

/** The header line of the battle's replay as `account` downloads it (with their own seats' debug logs). */
export async function replayHeader(api: ApiClient, account: Account, battleId: string): Promise<Json> {
  const res = await fetch(`${api.baseUrl}/api/battles/${battleId}/replay`, {
    headers: { authorization: `Bearer ${account.accessToken}` },
  });
  if (res.status !== 200) throw new Error(`the replay of ${battleId} answered ${res.status}`);
  const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
  return JSON.parse(text.slice(0, text.indexOf('\n'))) as Json;
}

/** Waits until `account` has a notification of `type` whose data matches `match`. */
export async function notified(
  api: ApiClient,
  account: Account,
  type: string,
  match: (data: Json) => boolean,
  timeoutMs = 30_000,
): Promise<Json> {
  return waitFor(
    async () => (await wholeInbox(api, account)).find((n) => n.type === type && match(n.data ?? {})),
    { timeoutMs, intervalMs: 500, message: `${account.login} notified ${type}` },
  );
}
