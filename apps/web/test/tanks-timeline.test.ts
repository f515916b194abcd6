import { resimulate, seek } from '@garrison/game';
import { describe, expect, it } from 'vitest';
import { ReplayTimeline, roundAt, roundMarks } from '../src/tanks/timeline';
import { shortReplay } from './tanks-fixtures';

const { replay } = shortReplay();
const states = resimulate(replay, { keepStates: true }).states;

describe('ReplayTimeline', () => {
  it('when played forward tick by tick, then every state equals the re-simulation and it never jumps after the start', () => {
    const timeline = new ReplayTimeline(replay);
    for (let t = 1; t < timeline.length; t++) {
      const { before, after, alpha } = timeline.bracket(t + 0.25);
      expect(alpha).toBeCloseTo(0.25);
      expect(before).toEqual(states[t - 1]);
      expect(after).toEqual(states[t]);
    }
    expect(timeline.jumps).toBe(1);
  });

  it('when seeking backwards or far ahead, then it restarts from a keyframe and lands on the same state as seek()', () => {
    const timeline = new ReplayTimeline(replay);
    timeline.bracket(200);
    const far = timeline.length - 3;
    expect(timeline.bracket(far).before).toEqual(seek(replay, far).snapshot());
    const back = 37;
    expect(timeline.bracket(back).before).toEqual(states[back - 1]);
    expect(timeline.jumps).toBe(3);
  });

  it('when the position is past either end, then it is clamped and the end has no next state', () => {
    const timeline = new ReplayTimeline(replay);
    const end = timeline.bracket(timeline.length + 10);
    expect(end.after).toBeNull();
    expect(end.alpha).toBe(0);
    expect(end.before.over).toBe(true);
    expect(timeline.bracket(-5).before.totalTicks).toBe(0);
  });

  it('when playing forward, then effects are handed out once, and a jump or a new round is reported so old effects can go', () => {
    const timeline = new ReplayTimeline(replay);
    const roundTwo = roundMarks(replay)[1]!.startsAt;
    timeline.bracket(0);
    expect(timeline.takeEffects().jumped).toBe(true);
    let shots = 0;
    for (let t = 1; t < roundTwo; t++) {
      timeline.bracket(t);
      const taken = timeline.takeEffects();
      expect(taken.jumped).toBe(false);
      shots += taken.effects.filter((e) => e.kind === 'shot').length;
    }
    expect(shots).toBeGreaterThan(0);
    expect(timeline.takeEffects().effects).toEqual([]);
    timeline.bracket(roundTwo + 1);
    expect(timeline.takeEffects().jumped).toBe(true);
  });

  it('when the replay has two rounds, then the round marks say where each starts', () => {
    const marks = roundMarks(replay);
    expect(marks.map((m) => m.round)).toEqual([1, 2]);
    expect(marks[0]!.startsAt).toBe(0);
    const second = marks[1]!.startsAt;
    expect(replay.ticks[second]).toMatchObject({ round: 2, tick: 0 });
    expect(roundAt(marks, second - 1)).toBe(1);
    expect(roundAt(marks, second)).toBe(2);
  });
});
