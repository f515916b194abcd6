import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeeds } from '../src/commands/match.js';
import { wilsonInterval } from '../src/series-stats.js';

const BIN = fileURLToPath(new URL('../bin/garrison-agent.js', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function agent(cwd: string, ...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 600_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'garrison-toolkit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Place {
  bot: string;
  place: number;
  score: number;
  scoreParts: Record<string, number>;
  roundsWon: number;
  shots?: number;
  hits?: number;
  skippedTicks: number;
  started: boolean;
  startupError?: string;
}

describe('the bot author toolkit', { timeout: 1_200_000 }, () => {
  it('when `new` writes a TypeScript starter, then it runs, type-checks with --check against the API types beside it, and a type error fails --check', async () => {
    const created = await agent(dir, 'new', 'mybot.ts');
    expect(created.code, created.stderr).toBe(0);
    const tsconfig = JSON.parse(await readFile(join(dir, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> };
    };
    expect(tsconfig.compilerOptions.paths['@garrison/bot-api']).toEqual(['./garrison-bot-api.d.ts']);
    expect(await readFile(join(dir, 'garrison-bot-api.d.ts'), 'utf8')).toMatch(/export interface Intent/);
    expect((await agent(dir, 'new', 'mybot.ts')).code).toBe(2); // never overwrites without --force

    const ran = await agent(
      dir,
      'run',
      'mybot.ts',
      'builtin:sitting-duck',
      '--seed',
      '5',
      '--rounds',
      '1',
      '--check',
      '--json',
    );
    expect(ran.code, ran.stderr).toBe(0);
    const places = (JSON.parse(ran.stdout) as { places: Place[] }).places;
    expect(places.find((place) => place.bot === 'mybot')).toMatchObject({ started: true, skippedTicks: 0 });

    const starter = await readFile(join(dir, 'mybot.ts'), 'utf8');
    await writeFile(join(dir, 'typo.ts'), starter.replace('radarTurn: 45 }', 'radarTrun: 45 }'));
    const checked = await agent(dir, 'run', 'typo.ts', 'builtin:sitting-duck', '--check');
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/typo\.ts\(\d+,\d+\): error TS\d+: .*'radarTrun'/);
  });

  it('when a run is asked for JSON, then places carry rounds won, score parts that add up, and hits/shots; the debug log warns about a misspelt field and reports steps per tick', async () => {
    await writeFile(
      join(dir, 'misspelt.js'),
      `export default { onTick(t) { let s = 0; for (let i = 0; i < 30000; i++) s += i; return { speed: 5, radarTrun: 45, fire: t.tick % 10 === 0 ? 1 : 0 }; } };\n`,
    );
    const ran = await agent(
      dir,
      'run',
      'misspelt.js',
      'builtin:sniper',
      '--seed',
      '8',
      '--rounds',
      '2',
      '--json',
      '--debug-log',
      'log.jsonl',
    );
    expect(ran.code, ran.stderr).toBe(0);
    const summary = JSON.parse(ran.stdout) as { rounds: number; places: Place[] };
    for (const place of summary.places) {
      const sum = Object.values(place.scoreParts).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(place.score, 1);
      expect(place.hits).toBeLessThanOrEqual(place.shots!);
      expect(place.shots).toBeGreaterThan(0);
    }
    expect(summary.places.reduce((total, place) => total + place.roundsWon, 0)).toBe(summary.rounds);

    const log = (await readFile(join(dir, 'log.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { bot: string; level: string; text?: string; steps?: number[]; round: number },
      );
    const warnings = log.filter(
      (entry) => entry.bot === 'misspelt' && entry.text?.startsWith('unknown intent field'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toContain('did you mean "radarTurn"?');
    const budget = log.filter((entry) => entry.bot === 'misspelt' && entry.level === 'budget');
    expect(budget.map((entry) => entry.round)).toEqual([1, 2]);
    expect(budget[0]!.steps!.slice(0, 5).every((steps) => steps >= 3 && steps <= 10)).toBe(true);
  });

  it('when a bot does not compile, then every output says it did not start, on stderr, with exit code 1', async () => {
    await writeFile(join(dir, 'broken.js'), 'export default { onTick( { return {}; } };\n');
    const json = await agent(dir, 'run', 'broken.js', 'builtin:sitting-duck', '--rounds', '1', '--json');
    expect(json.code).toBe(1);
    expect(json.stderr).toMatch(/broken did not start: does not compile: broken\.js:1:\d+/);
    const broken = (JSON.parse(json.stdout) as { places: Place[] }).places.find(
      (place) => place.bot === 'broken',
    );
    expect(broken).toMatchObject({
      started: false,
      startupError: expect.stringMatching(/^does not compile/),
    });

    const table = await agent(dir, 'run', 'broken.js', 'builtin:sitting-duck', '--rounds', '1');
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/broken \(did not start\)/);
    expect(table.stderr).toMatch(/broken did not start/);
  });

  it('when a numeric option is negative, then the answer is a friendly usage error, not "ambiguous"', async () => {
    const outcome = await agent(dir, 'run', 'builtin:tracker', 'builtin:sniper', '--seed', '-5');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--seed must be an integer ≥ 0, got "-5"/);
    expect(outcome.stderr).not.toMatch(/ambiguous/);
    const rounds = await agent(dir, 'match', 'builtin:tracker', 'builtin:sniper', '--rounds', '-1');
    expect(rounds.stderr).toMatch(/--rounds must be an integer ≥ 1, got "-1"/);
  });

  it('when `match` plays a series, then every battle is counted once per bot with a win-rate interval, in parallel workers, and the same seeds give the same tally', async () => {
    const args = ['match', 'builtin:duelist', 'builtin:sniper', '--seeds', '1..3', '--rounds', '1', '--json'];
    const [first, second] = await Promise.all([agent(dir, ...args), agent(dir, ...args, '--jobs', '1')]);
    expect(first.code, first.stderr).toBe(0);
    const series = JSON.parse(first.stdout) as {
      seeds: number[];
      bots: Array<{
        bot: string;
        battles: number;
        wins: number;
        losses: number;
        draws: number;
        winRate: number;
        winRateLow: number;
        winRateHigh: number;
        meanScoreParts: Record<string, number>;
        shots: number;
        hits: number;
      }>;
    };
    expect(series.seeds).toEqual([1, 2, 3]);
    for (const bot of series.bots) {
      expect(bot.wins + bot.losses + bot.draws).toBe(3);
      expect(bot.winRateLow).toBeLessThanOrEqual(bot.winRate);
      expect(bot.winRateHigh).toBeGreaterThanOrEqual(bot.winRate);
    }
    expect(series.bots[0]!.wins).toBe(series.bots[1]!.losses);
    expect(second.stdout).toBe(first.stdout);
  });

  it('when a replay is written out as HTML, then the page is self-contained: the web player, its styles and the replay inline', async () => {
    const run = await agent(
      dir,
      'run',
      'builtin:tracker',
      'builtin:spinner',
      '--seed',
      '3',
      '--rounds',
      '1',
      '--replay',
      'r.jsonl.gz',
    );
    expect(run.code, run.stderr).toBe(0);
    const outcome = await agent(dir, 'replay', 'r.jsonl.gz', '--html', 'r.html');
    expect(outcome.code, outcome.stderr).toBe(0);
    const html = await readFile(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<script type="application\/json" id="garrison-replay">\{"type":"header"/);
    expect(html).toContain('battle-player'); // the web app's ReplayPlayer markup and styles
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing to fetch
  });
});

describe('match arithmetic', () => {
  it('when seeds are given as ranges and lists, then they expand in order; bad ranges are refused', () => {
    expect(parseSeeds('1..3,10')).toEqual([1, 2, 3, 10]);
    expect(() => parseSeeds('5..1')).toThrow(/runs backwards/);
    expect(() => parseSeeds('x')).toThrow(/--seeds must be an integer/);
  });

  it('when a proportion is known, then its 95% Wilson interval matches the textbook figures', () => {
    const [low, high] = wilsonInterval(14, 20);
    expect(low).toBeCloseTo(0.481, 3);
    expect(high).toBeCloseTo(0.855, 3);
    expect(wilsonInterval(0, 6)[0]).toBe(0);
  });
});
