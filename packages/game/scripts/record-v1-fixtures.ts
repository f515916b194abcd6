/**
 * Records the stored v1 replays that `test/rules-v1-fixtures.test.ts` re-simulates. They were
 * recorded once, with the engine as it was before rules modules existed (commit 9f57387), and
 * must never be re-recorded: the test proves that later engines still play v1 bit for bit.
 *   npx tsx packages/game/scripts/record-v1-fixtures.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  ReplayRecorder,
  builtinBot,
  directController,
  parseReplay,
  playBattleSync,
  resimulate,
} from '../src/index.js';
import type { RulesOverrides } from '../src/index.js';

const battles: Array<{
  file: string;
  seed: number;
  bots: string[];
  rounds?: number;
  rules?: RulesOverrides;
}> = [
  { file: 'v1-duel-tracker-sniper.jsonl.gz', seed: 12345, bots: ['tracker', 'sniper'] },
  { file: 'v1-ffa-four.jsonl.gz', seed: 777, bots: ['duelist', 'spinner', 'tracker', 'sitting-duck'] },
  {
    file: 'v1-duel-short-rules.jsonl.gz',
    seed: 4242,
    bots: ['duelist', 'spinner'],
    rounds: 3,
    rules: { tickLimit: 400, keyframeEvery: 50 },
  },
];

const digests: Record<string, string> = {};
for (const b of battles) {
  const recorder = new ReplayRecorder();
  playBattleSync({
    seed: b.seed,
    participants: b.bots.map((name) => ({ name })),
    controllers: b.bots.map((name) => directController(builtinBot(name))),
    ...(b.rounds ? { rounds: b.rounds } : {}),
    ...(b.rules ? { rules: b.rules } : {}),
    recorder,
  });
  const out = new URL(`../test/fixtures/${b.file}`, import.meta.url);
  writeFileSync(out, gzipSync(recorder.text(), { level: 9 }));
  // A digest of the state after every tick, so the test also sees ticks between keyframes.
  const hash = createHash('sha256');
  resimulate(parseReplay(recorder.text()), { onStep: (m) => hash.update(JSON.stringify(m.snapshot())) });
  digests[b.file] = hash.digest('hex');
  console.log(b.file, recorder.lines.length, 'lines');
}
writeFileSync(
  new URL('../test/fixtures/v1-state-digests.json', import.meta.url),
  JSON.stringify(digests, null, 2) + '\n',
);
