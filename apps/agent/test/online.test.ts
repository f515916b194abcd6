import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReplay } from '@garrison/game';
import { createAgentHub, type AgentHubApi, type SpectatorFrame } from '@garrison/live';
import { startAgentServer, type AgentServer } from '@garrison/live/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/garrison-agent.js', import.meta.url));
const PYTHON_BOT = fileURLToPath(new URL('../examples/stdio_bot.py', import.meta.url));
const USER_ID = '5b1d7a54-4c1e-4f43-9b0e-0d6f3f2f6a10';
/** Looks like the gateway's tokens: the agent reads the user id from `sub`. */
const TOKEN = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: USER_ID })).toString('base64url')}.sig`;
const BOT_SOURCE = `export default { onTick() { return { speed: 5, radarTurn: 45 }; } };\n`;

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  exit: Promise<number>;
}

let dir: string;
let hub: AgentHubApi;
let server: AgentServer;
const requests: Array<{ method: string; path: string; body: unknown }> = [];

function agent(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, GARRISON_CONFIG_DIR: dir, GARRISON_URL: server.url, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin!.end();
  const exit = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  return { child, stdout: () => out, exit };
}

/** The few REST routes the CLI calls, as the gateway would answer them. */
async function routes(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  const parsed: unknown = body ? JSON.parse(body) : undefined;
  requests.push({ method: req.method ?? '', path: url.pathname + url.search, body: parsed });
  const send = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
  if (req.method === 'POST' && url.pathname === '/api/auth/login') {
    const { login, password } = parsed as { login: string; password: string };
    if (login !== 'alice' || password !== 'correct horse') {
      send(401, {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'wrong login or password',
      });
    } else send(200, { accessToken: TOKEN, refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
    return true;
  }
  if (!authorized) {
    send(401, { type: 'about:blank', title: 'Unauthorized', status: 401 });
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/api/bots') send(200, { items: [], nextCursor: null });
  else if (req.method === 'POST' && url.pathname === '/api/bots')
    send(201, { id: 'bot-1', name: (parsed as { name: string }).name, ownerId: USER_ID });
  else if (req.method === 'POST' && url.pathname === '/api/bots/bot-1/versions') {
    const valid = !(parsed as { source: string }).source.includes('syntax error');
    send(
      201,
      valid
        ? { id: 'v-1', version: 1, status: 'valid' }
        : { id: 'v-2', version: 2, status: 'invalid', error: 'does not compile: Unexpected "error"' },
    );
  } else if (req.method === 'POST' && url.pathname === '/api/bots/bot-1/versions/1/activate')
    send(200, { id: 'v-1', version: 1, status: 'valid', active: true });
  else if (req.method === 'GET' && url.pathname === '/api/battles') {
    // As the battles service: `user` is a user id, anything else is a 400.
    if (url.searchParams.get('user') !== USER_ID) {
      send(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'querystring/user must be a uuid',
      });
      return true;
    }
    send(200, {
      items: [
        {
          id: 'battle-9',
          kind: 'practice',
          status: 'finished',
          live: true,
          startsAt: '2026-11-23T10:00:00.000Z',
          participants: [
            { name: 'mine', userId: USER_ID, place: 1 },
            { name: 'tracker', userId: null, place: 2 },
          ],
        },
      ],
    });
  } else return false;
  return true;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'garrison-agent-online-'));
  hub = createAgentHub({ pingIntervalMs: 500 });
  server = await startAgentServer({ hub, tokens: new Map([[TOKEN, USER_ID]]), http: routes });
});
afterAll(async () => {
  await hub.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean, what: string, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('garrison-agent online commands against a real server', { timeout: 120_000 }, () => {
  it('when the password is wrong, then login fails; when right, the session is stored; then push creates the bot, uploads and activates', async () => {
    const wrong = agent(['login', '--user', 'alice'], { GARRISON_PASSWORD: 'nope' });
    expect(await wrong.exit).toBe(1);
    expect(wrong.stdout()).toContain('wrong login or password');

    const login = agent(['login', '--user', 'alice'], { GARRISON_PASSWORD: 'correct horse' });
    expect(await login.exit, login.stdout()).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, string>;
    expect(config).toMatchObject({
      url: server.url,
      login: 'alice',
      userId: USER_ID,
      accessToken: TOKEN,
      refreshToken: 'r1',
    });

    const botFile = join(dir, 'mybot.js');
    await writeFile(botFile, BOT_SOURCE);
    const push = agent(['push', botFile, '--activate']);
    expect(await push.exit, push.stdout()).toBe(0);
    expect(push.stdout()).toContain('mybot version 1: valid');
    expect(push.stdout()).toContain('now active');
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        `GET /api/bots?owner=${USER_ID}&limit=200`,
        'POST /api/bots',
        'POST /api/bots/bot-1/versions',
        'POST /api/bots/bot-1/versions/1/activate',
      ]),
    );
    expect(requests.find((r) => r.path === '/api/bots')?.body).toEqual({ name: 'mybot' });
    expect(requests.find((r) => r.path === '/api/bots/bot-1/versions')?.body).toEqual({
      source: BOT_SOURCE,
      language: 'js',
    });

    const broken = join(dir, 'mybot.ts');
    await writeFile(broken, 'syntax error here');
    const rejected = agent(['push', broken]);
    expect(await rejected.exit).toBe(1);
    expect(rejected.stdout()).toContain('invalid — does not compile');

    const battles = agent(['battles']);
    expect(await battles.exit, battles.stdout()).toBe(0);
    expect(battles.stdout()).toMatch(/battle-9\s+practice\s+finished.*mine #1 vs tracker #2/);
  });

  it('when the agent process is killed mid-battle and started again, then it resumes and plays to the end, and watch follows the battle', async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ url: server.url, userId: USER_ID, accessToken: TOKEN }),
    );
    const botFile = join(dir, 'player.js');
    await writeFile(botFile, BOT_SOURCE);
    const first = agent(['play', botFile, '--once']);
    await until(() => hub.isOnline(USER_ID), 'the agent to connect');

    const frames: SpectatorFrame[] = [];
    const running = hub.runBattle(
      {
        battleId: 'live-1',
        seed: 3,
        mode: 'duel',
        rounds: 1,
        rules: { tickLimit: 300 },
        tickRate: 20,
        seats: [
          { kind: 'local', userId: USER_ID, name: 'player' },
          { kind: 'builtin', name: 'sitting-duck', builtin: 'sitting-duck' },
        ],
      },
      (frame) => {
        frames.push(frame);
        server.spectate(frame);
      },
    );
    await until(() => frames.length >= 40, '40 ticks');
    const watcher = agent(['watch', 'live-1']);
    first.child.kill('SIGKILL');
    await first.exit;
    const killedAt = frames.length;

    const second = agent(['play', botFile, '--once']);
    const outcome = await running;
    expect(await second.exit, second.stdout()).toBe(0);
    expect(second.stdout()).toContain('battle live-1: resumed at round 1');
    expect(second.stdout()).toMatch(/battle live-1: finished; place \d of 2/);
    expect(first.stdout()).toContain('battle live-1: offered (seat 0, duel, 1 rounds, vs sitting-duck)');
    expect(outcome.forfeited).toEqual([]);

    // The bot's own intents were applied before the kill and again after the restart.
    const answers = parseReplay(outcome.replay).ticks.map((t) => JSON.stringify(t.answers[0]));
    const played = JSON.stringify([5, 0, 0, 45, 0]);
    expect(answers.slice(0, killedAt - 5)).toContain(played);
    expect(answers.slice(killedAt + 5)).toContain(played);
    expect(answers).toContain(JSON.stringify([0, 0, 0, 0, 0])); // idle while it was away

    expect(await watcher.exit, watcher.stdout()).toBe(0);
    expect(watcher.stdout()).toContain('watching battle live-1');
    expect(watcher.stdout()).toMatch(/1\. (player|sitting-duck)/);
  });

  it('when the bot is a program on stdio, then play drives it through the same protocol', async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ url: server.url, userId: USER_ID, accessToken: TOKEN }),
    );
    const player = agent(['play', '--stdio', `python3 ${PYTHON_BOT}`, '--once']);
    await until(() => hub.isOnline(USER_ID), 'the agent to connect');
    const outcome = await hub.runBattle(
      {
        battleId: 'live-stdio',
        seed: 5,
        mode: 'duel',
        rounds: 1,
        rules: { tickLimit: 80 },
        tickRate: 50,
        seats: [
          { kind: 'local', userId: USER_ID, name: 'python' },
          { kind: 'builtin', name: 'sitting-duck', builtin: 'sitting-duck' },
        ],
      },
      () => {},
    );
    expect(await player.exit, player.stdout()).toBe(0);
    expect(player.stdout()).toMatch(/battle live-stdio: finished; place \d of 2/);
    const mine = parseReplay(outcome.replay).ticks.map((t) => t.answers[0]);
    // The Python bot's own intents were applied (not idle, not skipped) on most ticks.
    const applied = mine.filter((a) => Array.isArray(a) && a.some((v) => v !== 0));
    expect(applied.length).toBeGreaterThan(mine.length / 2);
  });
});
