import { parseArgs } from 'node:util';
import { parseReplay, resimulate } from '@garrison/game';
import { UsageError } from '../errors.js';
import { readReplayFile } from '../replay-file.js';
import { resultsJson, resultsTable } from '../results-view.js';
import type { Command } from './command.js';

/** `replay`: re-simulates a recorded battle (checking every keyframe) and prints its results. */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'garrison-agent replay <file.jsonl.gz> [--json]',
  summary: 're-simulate a replay and print the same results',
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: { json: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [file, ...extra] = parsed.positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('give exactly one replay file');
    const text = await readReplayFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === 'ENOENT' ? `replay file not found: ${file}` : `cannot read ${file}: ${error.message}`,
      );
    });
    const { results, keyframesVerified } = resimulate(parseReplay(text));
    if (parsed.values.json) {
      process.stdout.write(`${JSON.stringify(resultsJson(results))}\n`);
      return 0;
    }
    process.stdout.write(resultsTable(results));
    process.stdout.write(`\nre-simulated ${results.ticks} ticks; ${keyframesVerified} keyframes matched\n`);
    return 0;
  },
};
