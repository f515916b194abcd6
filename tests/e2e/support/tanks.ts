/**
 * Tanks helpers for black-box tests through the gateway: players with an uploaded bot, tournaments
 * driven to their end, whole inboxes and ratings as a player reads them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@garrison/kit/testing';
import { registerAndLogin, type Account, type ApiClient, type ApiResponse, type Json } from './api-client.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/** A reference bot's source as a player would upload it (packages/game/bots/<name>.js). */
export function referenceBotSource(name: 'tracker' | 'sniper' | 'spinner' | 'sitting-duck'): Promise<string> {
  return fs.readFile(path.join(REPO, 'packages/game/bots', `${name}.js`), 'utf8');
}

export interface Player extends Account {
  /** The valid hosted bot version the player enters tournaments with. */
  botVersionId: string;
}

function expectStatus(what: string, response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status)
    throw new Error(
      `${what} answered ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`,
    );
}

/**
 * POST /api/bots/{id}/versions as a client should: a 429 (own uploads in flight) or 503 (the sandbox
 * busy) says when to try again (ADR 141), and nothing was stored.
 */
export async function uploadVersion(
  api: ApiClient,
  botId: string,
  source: string,
  token: { token: string },
): Promise<ApiResponse<Json>> {
  for (let attempt = 1; ; attempt++) {
    const res = await api.post(`/api/bots/${botId}/versions`, { source, language: 'js' }, token);
    const retryAfter = Number(res.headers.get('retry-after'));
    if (![429, 503].includes(res.status) || !retryAfter || attempt === 5) return res;
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}

/** Registers a player who uploads `source` as a bot (POST /api/bots, then a version the sandbox passes). */
export async function playerWithBot(api: ApiClient, prefix: string, source: string): Promise<Player> {
  const account = await registerAndLogin(api, prefix);
  const token = { token: account.accessToken };
  const bot = await api.post('/api/bots', { name: `${prefix}-bot` }, token);
  expectStatus('creating a bot', bot, 201);
  const version = await uploadVersion(api, bot.body.id as string, source, token);
  expectStatus('uploading a bot version', version, 201);
  if (version.body.status !== 'valid')
    throw new Error(`the bot version is ${version.body.status}: ${JSON.stringify(version.body)}`);
  // A bot's first activated version may play ranked battles at once (SPEC 3.2).
  const activated = await api.post(
    `/api/bots/${bot.body.id}/versions/${version.body.version}/activate`,
    {},
    token,
  );
  expectStatus('activating the bot version', activated, 200);
  return { ...account, botVersionId: version.body.id as string };
}

/** `count` players, their bots cycling through the reference bots (strong and weak, so results differ). */
export async function players(api: ApiClient, prefix: string, count: number): Promise<Player[]> {
  const names = ['tracker', 'sniper', 'spinner', 'tracker'] as const;
  const sources = await Promise.all(names.map(referenceBotSource));
  const made: Player[] = [];
  // one at a time: each upload runs the bot in the sandbox, and the box is small
  for (let i = 0; i < count; i++) made.push(await playerWithBot(api, `${prefix}${i}`, sources[i % 4]!));
  return made;
}

/** Every notification of an account, newest first, following the cursor. */
export async function wholeInbox(api: ApiClient, account: Account): Promise<Json[]> {
  const all: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api.get(`/api/notifications?limit=100${query}`, { token: account.accessToken });
    expectStatus(`inbox of ${account.login}`, page, 200);
    all.push(...(page.body.items as Json[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return all;
}

/** The notifications of one type about one tournament in an account's inbox. */
export async function toldAbout(
  api: ApiClient,
  account: Account,
  type: string,
  tournamentId: string,
): Promise<Json[]> {
  return (await wholeInbox(api, account)).filter(
    (n) => n.type === type && n.data?.tournamentId === tournamentId,
  );
}

/** Waits until every one of `accounts` has at least `atLeast` notifications of `type` about the tournament. */
export async function waitUntilTold(
  api: ApiClient,
  accounts: Account[],
  type: string,
  tournamentId: string,
  atLeast = 1,
  timeoutMs = 60_000,
): Promise<Map<string, Json[]>> {
  return waitFor(
    async () => {
      const told = new Map<string, Json[]>();
      for (const account of accounts) {
        const found = await toldAbout(api, account, type, tournamentId);
        if (found.length < atLeast) return undefined;
        told.set(account.id, found);
      }
      return told;
    },
    { timeoutMs, intervalMs: 500, message: `every entrant told ${type} about ${tournamentId}` },
  );
}

/** GET /api/tournaments/{id} until it is finished (or cancelled, which fails the wait). */
export async function finishedTournament(
  api: ApiClient,
  account: Account,
  id: string,
  timeoutMs: number,
): Promise<Json> {
  return waitFor(
    async () => {
      const res = await api.get(`/api/tournaments/${id}`, { token: account.accessToken });
      expectStatus(`tournament ${id}`, res, 200);
      if (res.body.status === 'cancelled')
        throw new Error(`tournament ${id} was cancelled: ${res.body.cancelReason}`);
      return res.body.status === 'finished' ? res.body : undefined;
    },
    { timeoutMs, intervalMs: 500, message: `tournament ${id} finished` },
  );
}

/** A time `seconds` from now, as the API takes it. */
export const secondsFromNow = (seconds: number): string =>
  new Date(Date.now() + seconds * 1000).toISOString();

/** `GET /api/ratings?ids=…`: the ratings service's view of several players at once, by user id. */
export async function ratingsOf(api: ApiClient, account: Account, ids: string[]): Promise<Map<string, Json>> {
  const res = await api.get(`/api/ratings?ids=${ids.join(',')}`, { token: account.accessToken });
  expectStatus('batch ratings', res, 200);
  return new Map((res.body.items as Json[]).map((r) => [r.userId as string, r]));
}

/** Every row of a leaderboard (`by` skill or points), following the cursor. */
export async function leaderboard(api: ApiClient, account: Account, by: 'skill' | 'points'): Promise<Json[]> {
  const rows: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api.get(`/api/ratings/leaderboard?by=${by}&limit=100${query}`, {
      token: account.accessToken,
    });
    expectStatus(`leaderboard by ${by}`, page, 200);
    rows.push(...(page.body.items as Json[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return rows;
}
