import { describe, expect, it } from 'vitest';
import { BattleSlots, laneOf } from '../../src/app/battle-slots.js';

/** A battle that runs until `finish()` is called; `started` says whether it got a slot. */
function battle(slots: BattleSlots, lane: 'ranked' | 'open') {
  let finish!: () => void;
  const state = { started: false, finish: () => finish() };
  const done = slots.run(lane, () => {
    state.started = true;
    return new Promise<void>((resolve) => (finish = resolve));
  });
  return Object.assign(state, { done });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('battle slots', () => {
  it('when open battles flood, then they hold at most size − reserved slots and a ranked one starts at once', async () => {
    const slots = new BattleSlots(3, 1);
    const open = [1, 2, 3].map(() => battle(slots, 'open'));
    await tick();
    expect(open.map((b) => b.started)).toEqual([true, true, false]);
    const ranked = battle(slots, 'ranked');
    await tick();
    expect(ranked.started).toBe(true);
    expect(slots.stats()).toEqual({ running: { ranked: 1, open: 2 }, waiting: { ranked: 0, open: 1 } });
  });

  it('when every slot is taken, then a freed slot goes to a waiting ranked battle before an open one', async () => {
    const slots = new BattleSlots(2, 1);
    const first = battle(slots, 'ranked');
    const second = battle(slots, 'ranked');
    const open = battle(slots, 'open');
    const third = battle(slots, 'ranked');
    await tick();
    expect([first.started, second.started, open.started, third.started]).toEqual([true, true, false, false]);
    first.finish();
    await first.done;
    await tick();
    expect([open.started, third.started]).toEqual([false, true]);
    second.finish();
    await second.done;
    await tick();
    expect(open.started).toBe(true);
  });

  it('when a battle fails, then its slot is freed for the next', async () => {
    const slots = new BattleSlots(1, 0);
    await expect(slots.run('open', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run('open', async () => 'next')).resolves.toBe('next');
  });

  it('reserving every slot, or none of one, is refused; lanes follow ranked and tournament', () => {
    expect(() => new BattleSlots(2, 2)).toThrow(RangeError);
    expect(() => new BattleSlots(0, 0)).toThrow(RangeError);
    expect(laneOf({ kind: 'tournament', ranked: true })).toBe('ranked');
    expect(laneOf({ kind: 'challenge', ranked: true })).toBe('ranked');
    expect(laneOf({ kind: 'challenge', ranked: false })).toBe('open');
    expect(laneOf({ kind: 'practice', ranked: false })).toBe('open');
  });
});
