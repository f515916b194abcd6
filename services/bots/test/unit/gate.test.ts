import { describe, expect, it } from 'vitest';
import {
  GATE_TOTAL,
  candidateWon,
  decideGate,
  duelSeed,
  gateContextId,
  gateOfContext,
  planGate,
  winsNeeded,
} from '../../src/domain/gate.js';

const candidate = {
  botVersionId: '11111111-1111-4111-8111-111111111111',
  ownerId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
};
const baseline = { botVersionId: '22222222-2222-4222-8222-222222222222', ownerId: candidate.ownerId };

describe('the regression gate plan', () => {
  const duels = planGate(candidate, baseline);

  it('is 10 duels: 4 against the previous active version, 3 against tracker, 3 against sniper', () => {
    expect(GATE_TOTAL).toBe(10);
    expect(duels.map((d) => d.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const opponents = duels.map((d) => {
      const other = d.participants.find(
        (p) => !(p.kind === 'version' && p.botVersionId === candidate.botVersionId),
      )!;
      return other.kind === 'builtin' ? other.builtin : other.botVersionId;
    });
    expect(opponents).toEqual([
      ...Array(4).fill(baseline.botVersionId),
      ...Array(3).fill('tracker'),
      ...Array(3).fill('sniper'),
    ]);
  });

  it('puts the candidate in every duel exactly once, alternating sides', () => {
    for (const duel of duels) {
      const mine = duel.participants.filter(
        (p) => p.kind === 'version' && p.botVersionId === candidate.botVersionId,
      );
      expect(mine).toHaveLength(1);
    }
    const sides = duels.map((d) =>
      d.participants[0].kind === 'version' && d.participants[0].botVersionId === candidate.botVersionId
        ? 0
        : 1,
    );
    expect(sides).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('gives every duel its own idempotency key, the gate context and a fixed non-zero seed', () => {
    expect(new Set(duels.map((d) => d.requestId)).size).toBe(10);
    expect(new Set(duels.map((d) => d.contextId))).toEqual(new Set([`gate:${candidate.botVersionId}`]));
    expect(duels.every((d) => d.seed > 0 && d.seed <= 0xffffffff && Number.isInteger(d.seed))).toBe(true);
    expect(planGate(candidate, baseline)).toEqual(duels);
    expect(duelSeed(candidate.botVersionId, 1)).not.toBe(duelSeed(baseline.botVersionId, 1));
  });
});

describe('the gate context', () => {
  it('round-trips a version id and ignores other contexts', () => {
    expect(gateOfContext(gateContextId(candidate.botVersionId))).toBe(candidate.botVersionId);
    expect(gateOfContext(`gate:${candidate.botVersionId.toUpperCase()}`)).toBe(candidate.botVersionId);
    expect(gateOfContext(null)).toBeNull();
    expect(gateOfContext('tournament:42')).toBeNull();
    expect(gateOfContext(candidate.botVersionId)).toBeNull();
    expect(gateOfContext(`gate:${candidate.botVersionId}:1`)).toBeNull();
  });
});

describe('the gate decision (≥ 40% of 10 duels won)', () => {
  it('needs 4 wins out of 10', () => expect(winsNeeded()).toBe(4));

  it.each([
    [0, 0, 'running'],
    [3, 3, 'running'],
    [4, 4, 'passed'],
    [4, 10, 'passed'],
    [3, 9, 'running'],
    [3, 10, 'failed'],
    [0, 6, 'running'],
    [0, 7, 'failed'],
    [1, 8, 'failed'],
    [2, 8, 'running'],
  ] as const)('%i wins of %i played → %s', (wins, played, status) => {
    expect(decideGate({ wins, played })).toBe(status);
  });

  it('is never decided the wrong way: every complete sequence ends passed iff wins ≥ 4', () => {
    for (let mask = 0; mask < 1 << 10; mask++) {
      let wins = 0;
      let decided: string = 'running';
      for (let played = 1; played <= 10; played++) {
        if (mask & (1 << (played - 1))) wins++;
        const now = decideGate({ wins, played });
        if (decided !== 'running') expect(now).toBe(decided);
        decided = now;
      }
      expect(decided).toBe(wins >= 4 ? 'passed' : 'failed');
    }
  });
});

describe('who won a duel', () => {
  const v = candidate.botVersionId;
  it('is the candidate when it took first place', () => {
    expect(
      candidateWon(v, [
        { botVersionId: v, place: 1 },
        { botVersionId: null, place: 2 },
      ]),
    ).toBe(true);
    expect(
      candidateWon(v, [
        { botVersionId: null, place: 1 },
        { botVersionId: v, place: 2 },
      ]),
    ).toBe(false);
    expect(
      candidateWon(v, [
        { botVersionId: baseline.botVersionId, place: 1 },
        { botVersionId: v, place: 2 },
      ]),
    ).toBe(false);
    expect(candidateWon(v, [{ botVersionId: null, place: 1 }])).toBe(false);
  });
});
