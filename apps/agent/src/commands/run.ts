import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_RULES } from '@garrison/game';
import { runBattleInWorker } from '@garrison/sandbox';
import { loadBots, type BotArgument } from '../bot-specs.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../progress-bar.js';
import { writeDebugLog } from '../debug-log-file.js';
import { writeReplayFile } from '../replay-file.js';
import { resultsJson, resultsTable } from '../results-view.js';
import type { Command } from './command.js';

const OPTIONS = {
  seed: { type: 'string' },
  rounds: { type: 'string' },
  replay: { type: 'string' },
  'debug-log': { type: 'string' },
  json: { type: 'boolean' },
  stdio: { type: 'string', multiple: true },
} as const;

/** `run`: an offline battle in the same sandbox, with the same limits, as the server. */
export const runCommand: Command = {
  name: 'run',
  usage:
    'garrison-agent run <botA> <botB> [<botC>...] [--seed N] [--rounds N] [--replay file.jsonl.gz] [--debug-log file.jsonl] [--json]',
  summary: 'play an offline battle at full speed and print the results',
  async run(argv) {
    const { values, tokens } = parse(argv);
    const botArgs: BotArgument[] = [];
    for (const token of tokens) {
      if (token.kind === 'positional') botArgs.push({ kind: 'path', value: token.value });
      else if (token.kind === 'option' && token.name === 'stdio') {
        if (!token.value) throw new UsageError('--stdio needs a command');
        botArgs.push({ kind: 'stdio', value: token.value });
      }
    }
    if (botArgs.length < 2 || botArgs.length > 6)
      throw new UsageError(`a battle needs 2 to 6 bots, got ${botArgs.length}`);
    const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : integer('--seed', values.seed, 0);
    const rounds = values.rounds === undefined ? undefined : integer('--rounds', values.rounds, 1);
    const bots = await loadBots(botArgs);

    const bar = values.json ? undefined : progressBar(process.stderr, DEFAULT_RULES.tickLimit);
    const report = await runBattleInWorker(
      { seed, bots, record: values.replay !== undefined, ...(rounds !== undefined ? { rounds } : {}) },
      bar ? { onProgress: (progress) => bar.update(progress) } : {},
    ).finally(() => bar?.done());
    if (values.replay !== undefined && report.replay !== undefined)
      await writeReplayFile(values.replay, report.replay);
    const debugLogPath = values['debug-log'];
    if (debugLogPath !== undefined) await writeDebugLog(debugLogPath, report.bots);

    if (values.json) {
      process.stdout.write(`${JSON.stringify(resultsJson(report.results))}\n`);
      return 0;
    }
    process.stdout.write(resultsTable(report.results));
    for (const bot of report.bots) {
      if (bot.startupError) process.stdout.write(`\n${bot.name} did not start: ${bot.startupError}\n`);
    }
    if (values.replay !== undefined) process.stdout.write(`\nreplay written to ${values.replay}\n`);
    if (debugLogPath !== undefined) process.stdout.write(`debug logs written to ${debugLogPath}\n`);
    return 0;
  },
};

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min)
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}
