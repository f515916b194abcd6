import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/garrison-agent.js', import.meta.url));
const PYTHON_BOT = fileURLToPath(new URL('../examples/stdio_bot.py', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function agent(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 600_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'garrison-agent-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each case starts Node + tsx + a worker; a busy CI machine needs more than the default 30 s.
describe('garrison-agent run and replay', { timeout: 1_200_000 }, () => {
  it('when the same battle runs twice with one seed, then the JSON and the replay bytes are identical, and replay reproduces the results', async () => {
    const first = join(dir, 'first.jsonl.gz');
    const second = join(dir, 'second.jsonl.gz');
    const [a, b] = await Promise.all([
      agent(
        'run',
        'builtin:tracker',
        'builtin:spinner',
        '--seed',
        '77',
        '--rounds',
        '3',
        '--replay',
        first,
        '--json',
      ),
      agent(
        'run',
        'builtin:tracker',
        'builtin:spinner',
        '--seed',
        '77',
        '--rounds',
        '3',
        '--replay',
        second,
        '--json',
      ),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const summary = JSON.parse(a.stdout) as {
      rulesVersion: number;
      seed: number;
      rounds: number;
      ticks: number;
      places: Array<{ bot: string; place: number; score: number }>;
    };
    expect(summary).toMatchObject({ rulesVersion: 1, seed: 77, rounds: 3 });
    expect(summary.ticks).toBeGreaterThan(0);
    expect(summary.places.map((place) => place.place)).toEqual([1, 2]);
    expect(summary.places.map((place) => place.bot).sort()).toEqual(['spinner', 'tracker']);
    expect(gunzipSync(await readFile(second)).equals(gunzipSync(await readFile(first)))).toBe(true);

    const replayed = await agent('replay', first, '--json');
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toBe(a.stdout);
  });

  it('when run asks for --rules 2, then the battle is played on the obstacle arena, its replay says v2 and replay reproduces it', async () => {
    const file = join(dir, 'v2.jsonl.gz');
    const ran = await agent(
      'run',
      'builtin:duelist',
      'builtin:tracker',
      '--seed',
      '5',
      '--rounds',
      '2',
      '--rules',
      '2',
      '--replay',
      file,
      '--json',
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ rulesVersion: 2, seed: 5, rounds: 2 });
    const header = JSON.parse(
      gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n')[0]!,
    ) as {
      rulesVersion: number;
      arena: { obstacles?: unknown[] };
    };
    expect(header.rulesVersion).toBe(2);
    expect(header.arena.obstacles?.length).toBeGreaterThan(0);
    const replayed = await agent('replay', file, '--json');
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toBe(ran.stdout);
    const unknown = await agent('run', 'builtin:tracker', 'builtin:spinner', '--rules', '3');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--rules must be one of 1, 2/);
  });

  it('when results are printed for a person, then the table shows place, score and its parts, rounds won, kills, hits/shots and skipped ticks', async () => {
    const outcome = await agent(
      'run',
      'builtin:sniper',
      'builtin:sitting-duck',
      '--seed',
      '4',
      '--rounds',
      '1',
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(
      /place\s+bot\s+score\s+bullet\s+ram\s+kill\s+survival\s+won\s+kills\s+hits\/shots\s+skipped/,
    );
    // sniper wins its one round against a target that never moves: every point is explained.
    expect(outcome.stdout).toMatch(
      /\n\s+1\s+sniper\s+[\d.]+\s+[\d.]+\s+0\.0\s+[\d.]+\s+[\d.]+\s+1\/1\s+1\s+\d+\/\d+\s+0\n/,
    );
  });

  it('when a bot is a TypeScript file, then it is transpiled and plays in the sandbox', async () => {
    const file = join(dir, 'circler.ts');
    await writeFile(
      file,
      `interface Intent { speed: number; bodyTurn: number }\nexport default { onTick(): Intent { return { speed: 8, bodyTurn: 5 }; } };\n`,
    );
    const outcome = await agent(
      'run',
      file,
      'builtin:sitting-duck',
      '--seed',
      '1',
      '--rounds',
      '1',
      '--json',
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    const summary = JSON.parse(outcome.stdout) as { places: Array<{ bot: string; skippedTicks: number }> };
    expect(summary.places.find((place) => place.bot === 'circler')?.skippedTicks).toBe(0);
  });

  it('when a debug log file is asked for, then it holds the bots console lines and skips as JSON lines', async () => {
    const bot = join(dir, 'chatty.js');
    await writeFile(
      bot,
      `export default { onTick(t) { if (t.tick === 3) console.log('hello at', t.tick); if (t.tick === 5) throw new Error('oops'); return { radarTurn: 45 }; } };\n`,
    );
    const logFile = join(dir, 'debug.jsonl');
    const outcome = await agent(
      'run',
      bot,
      'builtin:sitting-duck',
      '--seed',
      '2',
      '--rounds',
      '1',
      '--debug-log',
      logFile,
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    const entries = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual({ bot: 'chatty', round: 1, tick: 3, level: 'log', text: 'hello at 3' });
    expect(entries).toContainEqual({
      bot: 'chatty',
      round: 1,
      tick: 5,
      level: 'system',
      text: 'skipped: Error: oops',
    });
  });

  it('when a bot is a Python program on stdio, then it plays and beats sitting-duck', async () => {
    const outcome = await agent(
      'run',
      '--stdio',
      `python3 ${PYTHON_BOT}`,
      'builtin:sitting-duck',
      '--seed',
      '3',
      '--rounds',
      '2',
      '--json',
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    const summary = JSON.parse(outcome.stdout) as { places: Array<{ bot: string; skippedTicks: number }> };
    expect(summary.places[0]).toMatchObject({ bot: 'stdio_bot', skippedTicks: 0 });
  });
});

describe('garrison-agent errors', { timeout: 120_000 }, () => {
  it('when a bot file does not exist, then it says so and exits non-zero', async () => {
    const outcome = await agent('run', 'builtin:tracker', join(dir, 'missing.js'));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('bot file not found');
    expect(outcome.stdout).toBe('');
  });

  it('when a built-in bot name is unknown, then the known names are listed', async () => {
    const outcome = await agent('run', 'builtin:tracker', 'builtin:terminator');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/no built-in bot "terminator".*sitting-duck/);
  });

  it('when the seed is not a number or an option is unknown, then usage is printed', async () => {
    const badSeed = await agent('run', 'builtin:tracker', 'builtin:spinner', '--seed', 'abc');
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toMatch(/--seed must be an integer[\s\S]*usage: garrison-agent run/);
    expect((await agent('run', 'builtin:tracker', 'builtin:spinner', '--fast')).code).toBe(2);
  });

  it('when a replay file is corrupt, then it fails with a reason', async () => {
    const file = join(dir, 'corrupt.jsonl');
    await writeFile(file, '{"type":"tick"}\n');
    const outcome = await agent('replay', file);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('header');
  });

  it('when the command is unknown, then the command list is shown', async () => {
    const outcome = await agent('fly');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/unknown command "fly"[\s\S]*run[\s\S]*replay/);
  });
});
