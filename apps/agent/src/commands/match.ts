import { availableParallelism } from 'node:os';
import { createBattleWorkerPool, type BattleReport } from '@garrison/sandbox';
import { botArguments, loadBots, typeCheckOrThrow } from '../bot-specs.js';
import { UsageError } from '../errors.js';
import { renderTable } from '../results-view.js';
import { tallySeries, type SeriesRecord } from '../series-stats.js';
import type { Command } from './command.js';
import { integerOption, parseCommandLine, rulesOption } from './parse.js';

const OPTIONS = {
  seeds: { type: 'string' },
  rounds: { type: 'string' },
  rules: { type: 'string' },
  jobs: { type: 'string' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  stdio: { type: 'string', multiple: true },
} as const;

const MAX_SEEDS = 10_000;

/** `match`: a series of offline battles over many seeds, in parallel over the cores. */
export const matchCommand: Command = {
  name: 'match',
  usage:
    'garrison-agent match <botA> <botB> [<botC>...] [--seeds 1..20 | 1,5,9] [--rounds N] [--rules 1|2] [--jobs N] [--json] [--check]',
  summary:
    'play one battle per seed in parallel and print wins, losses, draws (95% interval) and mean scores',
  async run(argv) {
    const { values, tokens } = parseCommandLine(argv, OPTIONS);
    const botArgs = botArguments(tokens);
    if (botArgs.length < 2 || botArgs.length > 6)
      throw new UsageError(`a battle needs 2 to 6 bots, got ${botArgs.length}`);
    const seeds = parseSeeds(values.seeds ?? '1..20');
    const rounds = values.rounds === undefined ? undefined : integerOption('--rounds', values.rounds, 1);
    const rulesVersion = rulesOption(values.rules);
    const jobs = values.jobs === undefined ? availableParallelism() : integerOption('--jobs', values.jobs, 1);
    if (values.check) typeCheckOrThrow(botArgs);
    const bots = await loadBots(botArgs);

    const pool = createBattleWorkerPool({ size: Math.min(jobs, seeds.length) });
    let done = 0;
    const progress = (): void => {
      if (!values.json && process.stderr.isTTY) process.stderr.write(`\r  ${++done}/${seeds.length} battles`);
    };
    let reports: BattleReport[];
    try {
      reports = await Promise.all(
        seeds.map((seed) =>
          pool
            .runBattle({
              seed,
              bots,
              record: false,
              rulesVersion,
              ...(rounds !== undefined ? { rounds } : {}),
            })
            .then((report) => (progress(), report)),
        ),
      );
    } finally {
      if (!values.json && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      await pool.close();
    }
    const records = tallySeries(
      bots.map((bot) => bot.name),
      reports,
    );
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ seeds, rounds: reports[0]?.results.rounds, bots: records.map(roundRecord) })}\n`,
      );
    else process.stdout.write(seriesTable(seeds, records));
    let failed = false;
    for (const record of records) {
      if (record.notStarted === 0) continue;
      failed = true;
      const reason = reports
        .map((report) => report.bots.find((bot) => bot.name === record.bot)?.startupError)
        .find(Boolean);
      process.stderr.write(`garrison-agent: ${record.bot} did not start: ${reason}\n`);
    }
    return failed ? 1 : 0;
  },
};

/** `1..20`, `1,5,9` or a mix (`1..3,10`); each a non-negative integer. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^(\d+)\.\.(\d+)$/.exec(part.trim());
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from) throw new UsageError(`--seeds range ${part} runs backwards`);
      if (to - from + 1 + seeds.length > MAX_SEEDS)
        throw new UsageError(`--seeds: at most ${MAX_SEEDS} seeds`);
      for (let seed = from; seed <= to; seed++) seeds.push(seed);
    } else {
      seeds.push(integerOption('--seeds', part.trim(), 0));
    }
  }
  if (seeds.length > MAX_SEEDS) throw new UsageError(`--seeds: at most ${MAX_SEEDS} seeds`);
  return seeds;
}

function seriesTable(seeds: readonly number[], records: SeriesRecord[]): string {
  const header = [
    'bot',
    'W',
    'L',
    'D',
    'win rate (95%)',
    'score',
    'bullet',
    'ram',
    'kill',
    'survival',
    'rounds won',
    'hits/shots',
  ];
  const rows = records.map((record) => [
    record.bot,
    String(record.wins),
    String(record.losses),
    String(record.draws),
    `${percent(record.winRate)} (${percent(record.winRateLow)}–${percent(record.winRateHigh)})`,
    record.meanScore.toFixed(1),
    record.meanScoreParts.bulletDamage.toFixed(1),
    record.meanScoreParts.ramDamage.toFixed(1),
    record.meanScoreParts.killBonus.toFixed(1),
    (record.meanScoreParts.survival + record.meanScoreParts.lastSurvivor).toFixed(1),
    record.meanRoundsWon.toFixed(2),
    `${record.hits}/${record.shots}`,
  ]);
  const title = `${seeds.length} battles (seeds ${describeSeeds(seeds)}) · means per battle; draws count half`;
  return `${title}\n${renderTable(header, rows, new Set([0]))}`;
}

function describeSeeds(seeds: readonly number[]): string {
  const contiguous = seeds.every((seed, k) => k === 0 || seed === seeds[k - 1]! + 1);
  return contiguous && seeds.length > 1 ? `${seeds[0]}..${seeds.at(-1)}` : seeds.join(',');
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function roundRecord(record: SeriesRecord): SeriesRecord {
  const r = (value: number) => Math.round(value * 1000) / 1000;
  return {
    ...record,
    winRate: r(record.winRate),
    winRateLow: r(record.winRateLow),
    winRateHigh: r(record.winRateHigh),
    meanScore: r(record.meanScore),
    meanRoundsWon: r(record.meanRoundsWon),
    meanScoreParts: {
      bulletDamage: r(record.meanScoreParts.bulletDamage),
      ramDamage: r(record.meanScoreParts.ramDamage),
      killBonus: r(record.meanScoreParts.killBonus),
      survival: r(record.meanScoreParts.survival),
      lastSurvivor: r(record.meanScoreParts.lastSurvivor),
    },
  };
}
