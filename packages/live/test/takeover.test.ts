import { parseReplay, resimulate } from '@garrison/game';
import { describe, expect, it } from 'vitest';
import type { LiveProgress } from '../src/contract.js';
import {
  ALICE,
  duelSpec,
  frameCollector,
  greet,
  harness,
  playWithTracker,
  readyOnOffer,
  until,
} from './fixtures.js';

/** An uploaded bot whose radar turn counts the ticks it has seen: its memory shows in every answer. */
const COUNTING_BOT = `let seen = 0;
export default { onTick() { seen += 1; return { speed: 2, radarTurn: seen % 20 }; } };`;

const spec = (overrides: Parameters<typeof duelSpec>[0] = {}) =>
  duelSpec({
    rounds: 2,
    rules: { tickLimit: 80 },
    tickRate: 100,
    seats: [
      { kind: 'local', userId: ALICE.userId, name: 'alice-bot' },
      { kind: 'hosted', userId: 'user-uploader', name: 'counter', compiledJs: COUNTING_BOT },
    ],
    ...overrides,
  });

/** Plays the battle on a first hub until `ticks` frames, then that process "dies"; returns its last checkpoint. */
async function playUntilLost(ticks: number): Promise<LiveProgress> {
  const h = await harness();
  const agent = await h.connect(ALICE);
  await greet(agent);
  readyOnOffer(agent);
  playWithTracker(agent);
  let saved: LiveProgress = { lines: [], forfeited: [] };
  const { frames, onFrame } = frameCollector();
  const died = new AbortController();
  const running = h.hub.runBattle(
    spec({ onProgress: (p) => (saved = { lines: [...p.lines], forfeited: [...p.forfeited] }) }),
    onFrame,
    died.signal,
  );
  await until(() => frames.length >= ticks, `${ticks} ticks`);
  died.abort(new Error('the instance died'));
  await expect(running).rejects.toThrow('the instance died');
  agent.kill();
  return saved;
}

const tickLines = (lines: readonly string[]) =>
  parseReplay(lines.join('\n')).ticks.map((t) => ({ round: t.round, tick: t.tick, answers: t.answers }));

describe('a live battle taken over by another process (ADR 280)', { timeout: 30_000 }, () => {
  it('when a battle resumes from the checkpoint of a process that died mid-round, then play goes on from the next tick with the Agent, the uploaded bot remembers what it saw, and the whole replay re-simulates', async () => {
    const saved = await playUntilLost(30);
    const before = tickLines(saved.lines);
    const lastBefore = before.at(-1)!;
    expect(lastBefore.round).toBe(1);

    const h = await harness();
    const agent = await h.connect(ALICE);
    await greet(agent);
    readyOnOffer(agent);
    playWithTracker(agent);
    const { frames, onFrame } = frameCollector();
    const outcome = await h.hub.runBattle(spec({ resume: saved }), onFrame);

    // The recorded part is kept as it was, and the next tick is the one after the last recorded.
    expect(outcome.replay.split('\n').slice(0, saved.lines.length)).toEqual(saved.lines);
    const after = tickLines(outcome.replay.split('\n')).slice(before.length);
    expect(after[0]).toMatchObject({ round: 1, tick: lastBefore.tick + 1 });
    expect(frames[0]).toMatchObject({ type: 'frame', round: 1 });
    expect(resimulate(parseReplay(outcome.replay)).results).toEqual(outcome.results);
    expect(outcome.forfeited).toEqual([]);

    // The Agent took its seat again: offered, then a snapshot in round 1, and only round 2 started anew.
    expect(await agent.next('snapshot')).toMatchObject({ phase: 'playing', roundInfo: { round: 1 } });
    expect(agent.all('round-start').map((m) => m.info.round)).toEqual([2]);
    expect(after.some((t) => Array.isArray(t.answers[0]))).toBe(true);

    // The uploaded bot's memory was rebuilt: its count goes on across the takeover without a restart.
    const counts = tickLines(outcome.replay.split('\n'))
      .map((t) => t.answers[1])
      .flatMap((a) => (Array.isArray(a) ? [a[3]] : []));
    expect(counts.length).toBeGreaterThan(before.length);
    expect(counts).toEqual(counts.map((_, k) => (k + 1) % 20));
  });

  it('when the checkpoint says a seat forfeited, then it stays forfeited and the battle ends for it', async () => {
    const saved = await playUntilLost(10);
    const h = await harness();
    const outcome = await h.hub.runBattle(spec({ resume: { ...saved, forfeited: [0] } }), () => {});
    expect(outcome.forfeited).toEqual([0]);
    expect(outcome.results.places.at(-1)).toMatchObject({ index: 0 });
  });

  it('when the checkpoint is of another battle, then it is refused instead of played', async () => {
    const saved = await playUntilLost(5);
    const h = await harness();
    await expect(h.hub.runBattle(spec({ seed: 8, resume: saved }), () => {})).rejects.toThrow(
      'the recorded replay is of another battle',
    );
  });
});
