import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseReplay, resimulate } from '../src/index.js';

/*
 * Replays recorded by the engine before rules modules existed (scripts/record-v1-fixtures.ts, never
 * re-recorded). Every later engine must play them again bit for bit: every keyframe, the state after
 * every tick (a digest) and the results.
 */
const digests = JSON.parse(
  readFileSync(new URL('./fixtures/v1-state-digests.json', import.meta.url), 'utf8'),
) as Record<string, string>;

describe('stored v1 replays', () => {
  it('there are fixtures to check', () => {
    expect(Object.keys(digests).length).toBeGreaterThanOrEqual(3);
  });

  for (const [file, digest] of Object.entries(digests)) {
    it(`${file} re-simulates bit for bit`, () => {
      const text = gunzipSync(readFileSync(new URL(`./fixtures/${file}`, import.meta.url))).toString('utf8');
      const replay = parseReplay(text);
      expect(replay.header.rulesVersion).toBe(1);
      const hash = createHash('sha256');
      const sim = resimulate(replay, { onStep: (m) => hash.update(JSON.stringify(m.snapshot())) });
      expect(sim.keyframesVerified).toBe(replay.keyframes.length);
      expect(sim.results).toEqual(replay.results);
      expect(hash.digest('hex')).toBe(digest);
    });
  }

  it('a tampered tick is noticed', () => {
    const file = Object.keys(digests)[0]!;
    const text = gunzipSync(readFileSync(new URL(`./fixtures/${file}`, import.meta.url))).toString('utf8');
    const lines = text.split('\n');
    const k = lines.findIndex((l) => l.includes('"type":"tick"') && l.includes('[16,'));
    expect(k).toBeGreaterThan(0);
    lines[k] = lines[k]!.replace('[16,', '[-8,');
    expect(() => resimulate(parseReplay(lines.join('\n')))).toThrow();
  });
});
