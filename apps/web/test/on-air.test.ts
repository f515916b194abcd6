import { describe, expect, it } from 'vitest';
import type { TournamentMatch, TournamentRound } from '../src/api/competition-types';
import { onAir } from '../src/competition/on-air';

const match = (battleId: string, status: string): TournamentMatch => ({
  battleId,
  status,
  participants: [],
});

describe('on air in a broadcast tournament', () => {
  it('when some battles run and others wait, then the running ones are on now and the earliest waiting round is next', () => {
    const rounds: TournamentRound[] = [
      { number: 1, byes: [], battles: [match('a', 'finished'), match('b', 'running')] },
      {
        number: 2,
        byes: [],
        battles: [match('c', 'scheduled'), match('d', 'running'), match('e', 'pending')],
      },
      { number: 3, byes: [], battles: [match('f', 'pending')] },
    ];
    const { now, next } = onAir(rounds);
    expect(now.map((m) => [m.round, m.match.battleId])).toEqual([
      [1, 'b'],
      [2, 'd'],
    ]);
    expect(next.map((m) => [m.round, m.match.battleId])).toEqual([
      [2, 'c'],
      [2, 'e'],
    ]);
  });

  it('when everything has been shown, then nothing is on and nothing is next', () => {
    const rounds: TournamentRound[] = [{ number: 1, byes: [], battles: [match('a', 'finished')] }];
    expect(onAir(rounds)).toEqual({ now: [], next: [] });
    expect(onAir([])).toEqual({ now: [], next: [] });
  });
});
