import { builtinBotSource, parseReplay, resimulate } from '@garrison/game';
import { describe, expect, it } from 'vitest';
import { createAgentHub } from '../src/hub/agent-hub.js';

describe('hosted and built-in seats of a live battle', { timeout: 30_000 }, () => {
  it('when an uploaded bot plays in the sandbox against a reference bot, then the battle is played and recorded', async () => {
    const hub = createAgentHub();
    const outcome = await hub.runBattle(
      {
        battleId: 'hosted-1',
        seed: 11,
        mode: 'duel',
        rounds: 1,
        rules: { tickLimit: 80 },
        tickRate: 500,
        seats: [
          { kind: 'hosted', userId: 'u1', name: 'uploaded', compiledJs: builtinBotSource('tracker') },
          { kind: 'builtin', name: 'spinner', builtin: 'spinner' },
        ],
      },
      () => {},
    );
    await hub.close();
    expect(outcome.results.places.map((p) => p.name).sort()).toEqual(['spinner', 'uploaded']);
    expect(outcome.results.places.every((p) => p.skippedTicks === 0)).toBe(true);
    expect(resimulate(parseReplay(outcome.replay)).results).toEqual(outcome.results);
  });

  it('when an uploaded bot does not start, then it sits the battle out and its debug log says why', async () => {
    const hub = createAgentHub();
    const outcome = await hub.runBattle(
      {
        battleId: 'hosted-2',
        seed: 12,
        mode: 'duel',
        rounds: 1,
        rules: { tickLimit: 20 },
        tickRate: 500,
        seats: [
          { kind: 'hosted', userId: 'u1', name: 'broken', compiledJs: 'export default { onTick() { throw' },
          { kind: 'builtin', name: 'sitting-duck', builtin: 'sitting-duck' },
        ],
      },
      () => {},
    );
    await hub.close();
    expect(outcome.debugLogs[0]).toEqual([
      expect.objectContaining({ level: 'system', text: expect.stringContaining('does not compile') }),
    ]);
    expect(parseReplay(outcome.replay).ticks[0]!.answers[0]).toMatchObject({ disable: true });
  });
});
