import { describe, expect, it } from 'vitest';
import { builtinBot, directController, playBattle, playBattleSync } from '../src/index.js';
import type { Bot, Controller } from '../src/index.js';

const duel = ['tracker', 'spinner'];

describe('battle drivers', () => {
  it('when controllers answer asynchronously, then the battle is the same as the synchronous one', async () => {
    const sync = playBattleSync({
      seed: 2,
      participants: duel.map((name) => ({ name })),
      controllers: duel.map((b) => directController(builtinBot(b))),
    });
    const asyncControllers: Controller[] = duel.map((b) => {
      const inner = directController(builtinBot(b));
      return {
        onRoundStart: async (info) => inner.onRoundStart(info),
        onTick: async (tick) => {
          await new Promise((r) => setImmediate(r));
          return inner.onTick(tick);
        },
      };
    });
    const viaAsync = await playBattle({
      seed: 2,
      participants: duel.map((name) => ({ name })),
      controllers: asyncControllers,
    });
    expect(viaAsync).toEqual(sync);
  });

  it('when a bot throws every tick, then each tick is skipped and after 50 it is disabled for the round', () => {
    const thrower: Bot = {
      onTick() {
        throw new Error('boom');
      },
    };
    let lastEvents: unknown[] = [];
    const spy: Bot = {
      onTick(tick) {
        lastEvents = tick.events;
        return thrower.onTick(tick);
      },
    };
    const results = playBattleSync({
      seed: 1,
      rounds: 1,
      participants: [{ name: 'thrower' }, { name: 'duck' }],
      controllers: [directController(spy), directController(builtinBot('sitting-duck'))],
      rules: { tickLimit: 200 },
    });
    expect(results.places.find((p) => p.name === 'thrower')!.skippedTicks).toBe(50);
    expect(lastEvents).toContainEqual({ type: 'skipped', reason: 'error: boom' });
  });

  it('when onTick is given, then it is called once per tick', () => {
    let calls = 0;
    const results = playBattleSync({
      seed: 3,
      participants: duel.map((name) => ({ name })),
      controllers: duel.map((b) => directController(builtinBot(b))),
      onTick: () => calls++,
    });
    expect(calls).toBe(results.ticks);
  });

  it('when the controllers do not match the participants, then the battle does not start', () => {
    expect(() =>
      playBattleSync({
        seed: 1,
        participants: [{ name: 'a' }, { name: 'b' }],
        controllers: [directController(builtinBot('spinner'))],
      }),
    ).toThrow(RangeError);
  });
});
