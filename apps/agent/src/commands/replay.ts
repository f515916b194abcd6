import { parseReplay, resimulate, type Match } from '@garrison/game';
import { UsageError } from '../errors.js';
import { readReplayFile } from '../replay-file.js';
import { writeReplayPage } from '../replay-page.js';
import { resultsJson, resultsTable } from '../results-view.js';
import type { Command } from './command.js';
import { parseStrict } from './parse.js';

/** `replay`: re-simulates a recorded battle (checking every keyframe) and prints its results. */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'garrison-agent replay <file.jsonl.gz> [--json] [--html out.html]',
  summary: 're-simulate a replay and print the same results; --html writes a page that plays it',
  async run(argv) {
    const parsed = parseStrict(argv, { json: { type: 'boolean' }, html: { type: 'string' } });
    const [file, ...extra] = parsed.positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('give exactly one replay file');
    const text = await readReplayFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === 'ENOENT' ? `replay file not found: ${file}` : `cannot read ${file}: ${error.message}`,
      );
    });
    const replay = parseReplay(text);
    let last: Match | undefined;
    const { results, keyframesVerified } = resimulate(replay, { onStep: (match) => (last = match) });
    const extras = (last?.shotStats() ?? []).map((accuracy) => ({ accuracy }));
    const htmlPath = parsed.values.html;
    if (htmlPath !== undefined) await writeReplayPage(htmlPath, text);
    if (parsed.values.json) {
      process.stdout.write(`${JSON.stringify(resultsJson(results, extras))}\n`);
      return 0;
    }
    process.stdout.write(resultsTable(results, extras));
    process.stdout.write(`\nre-simulated ${results.ticks} ticks; ${keyframesVerified} keyframes matched\n`);
    if (htmlPath !== undefined) process.stdout.write(`replay page written to ${htmlPath}\n`);
    return 0;
  },
};
