import { describe, expect, it } from 'vitest';
import type { TournamentMatch, TournamentRound } from '../src/api/competition-types';
import { knockoutRounds, layoutBracket, roundTitle } from '../src/competition/bracket';
import { seatResults, winnerOf } from '../src/competition/duel-result';

const duel = (a: string, b: string, places?: [number, number], status = 'finished'): TournamentMatch => ({
  battleId: `battle-${a}-${b}`,
  status: places ? status : 'running',
  participants: [
    { userId: a, place: places?.[0] ?? null, score: places ? 10 : null, forfeited: false },
    { userId: b, place: places?.[1] ?? null, score: places ? 5 : null, forfeited: false },
  ],
});

describe('seatResults', () => {
  it('when one seat has the better place, then it wins and the other loses', () => {
    expect(seatResults(duel('a', 'b', [2, 1]))).toEqual(['loss', 'win']);
    expect(winnerOf(duel('a', 'b', [2, 1]))).toBe('b');
  });

  it('when both share a place, then it is a draw without a winner', () => {
    expect(seatResults(duel('a', 'b', [1, 1]))).toEqual(['draw', 'draw']);
    expect(winnerOf(duel('a', 'b', [1, 1]))).toBeNull();
  });

  it('when a seat forfeited, then it loses whatever its place says', () => {
    const match = duel('a', 'b', [1, 2]);
    match.participants[0]!.forfeited = true;
    expect(seatResults(match)).toEqual(['loss', 'win']);
  });

  it('when the battle is not finished, then nobody has a result yet', () => {
    expect(seatResults(duel('a', 'b'))).toEqual([null, null]);
  });
});

describe('layoutBracket', () => {
  it('when the field is 5, then there are 3 rounds titled up to the final', () => {
    expect(knockoutRounds(5)).toBe(3);
    expect(knockoutRounds(8)).toBe(3);
    expect(knockoutRounds(2)).toBe(1);
    expect([1, 2, 3].map((n) => roundTitle(n, 3))).toEqual(['Quarter-finals', 'Semi-finals', 'Final']);
    expect(roundTitle(1, 5)).toBe('Round 1');
  });

  it('when nothing is played yet, then every round shows the slots to come, halving each time', () => {
    const columns = layoutBracket(8, []);
    expect(columns.map((c) => c.slots.length)).toEqual([4, 2, 1]);
    expect(columns.every((c) => c.slots.every((s) => s.kind === 'to-come'))).toBe(true);
  });

  it('when round 1 had byes, then they keep their slots and round 2 sits level with its feeders', () => {
    // 5 players: seeds 1, 2, 3 have byes; 4 plays 5.
    const rounds: TournamentRound[] = [
      { number: 1, byes: ['s1', 's2', 's3'], battles: [duel('s4', 's5', [1, 2])] },
      // the service lists round 2 in its own order; the layout follows round 1's positions
      { number: 2, byes: [], battles: [duel('s2', 's3'), duel('s1', 's4')] },
    ];
    const [first, second, final] = layoutBracket(5, rounds);
    expect(first!.slots.map((s) => s.kind)).toEqual(['match', 'bye', 'bye', 'bye']);
    const players = second!.slots.map((s) =>
      s.kind === 'match' ? s.match.participants.map((p) => p.userId) : [],
    );
    expect(players).toEqual([
      ['s1', 's4'],
      ['s2', 's3'],
    ]);
    expect(final!.slots).toEqual([{ kind: 'to-come' }]);
    expect(final!.title).toBe('Final');
  });
});
