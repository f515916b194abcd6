import { randomInt } from 'node:crypto';
import { DEFAULT_RULES } from '@garrison/game';
import { runBattleInWorker } from '@garrison/sandbox';
import { botArguments, loadBots, typeCheckOrThrow } from '../bot-specs.js';
import { participantExtras, reportNotStarted } from '../bot-report-view.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../progress-bar.js';
import { writeDebugLog } from '../debug-log-file.js';
import { writeReplayFile } from '../replay-file.js';
import { resultsJson, resultsTable } from '../results-view.js';
import type { Command } from './command.js';
import { integerOption, parseCommandLine, rulesOption } from './parse.js';

const OPTIONS = {
  seed: { type: 'string' },
  rounds: { type: 'string' },
  rules: { type: 'string' },
  replay: { type: 'string' },
  'debug-log': { type: 'string' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  stdio: { type: 'string', multiple: true },
} as const;

/** Exit code when a bot never started: a failure (the battle was played, but means nothing). */
export const EXIT_NOT_STARTED = 1;

/** `run`: an offline battle in the same sandbox, with the same limits, as the server. */
export const runCommand: Command = {
  name: 'run',
  usage:
    'garrison-agent run <botA> <botB> [<botC>...] [--seed N] [--rounds N] [--rules 1|2] [--replay file.jsonl.gz] [--debug-log file.jsonl] [--json] [--check]',
  summary: 'play an offline battle at full speed and print the results (--check type-checks .ts bots first)',
  async run(argv) {
    const { values, tokens } = parseCommandLine(argv, OPTIONS);
    const botArgs = botArguments(tokens);
    if (botArgs.length < 2 || botArgs.length > 6)
      throw new UsageError(`a battle needs 2 to 6 bots, got ${botArgs.length}`);
    const seed =
      values.seed === undefined ? randomInt(0, 2 ** 31) : integerOption('--seed', String(values.seed), 0);
    const rounds =
      values.rounds === undefined ? undefined : integerOption('--rounds', String(values.rounds), 1);
    const rulesVersion = rulesOption(values.rules);
    if (values.check) typeCheckOrThrow(botArgs);
    const bots = await loadBots(botArgs);
    const replayPath = values.replay as string | undefined;

    const bar = values.json ? undefined : progressBar(process.stderr, DEFAULT_RULES.tickLimit);
    const report = await runBattleInWorker(
      {
        seed,
        bots,
        record: replayPath !== undefined,
        rulesVersion,
        ...(rounds !== undefined ? { rounds } : {}),
      },
      bar ? { onProgress: (progress) => bar.update(progress) } : {},
    ).finally(() => bar?.done());
    if (replayPath !== undefined && report.replay !== undefined)
      await writeReplayFile(replayPath, report.replay);
    const debugLogPath = values['debug-log'] as string | undefined;
    if (debugLogPath !== undefined) await writeDebugLog(debugLogPath, report.bots);

    const extras = participantExtras(report);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(resultsJson(report.results, extras))}\n`);
    } else {
      process.stdout.write(resultsTable(report.results, extras));
      if (replayPath !== undefined) process.stdout.write(`\nreplay written to ${replayPath}\n`);
      if (debugLogPath !== undefined) process.stdout.write(`debug logs written to ${debugLogPath}\n`);
    }
    return reportNotStarted(report, process.stderr) ? EXIT_NOT_STARTED : 0;
  },
};
