import { describe, expect, it } from 'vitest';
import type { TournamentMatch, TournamentParticipant, TournamentRound } from '../src/api/competition-types';
import { computeStandings, formatPoints } from '../src/competition/standings';

const played = (
  a: string,
  b: string,
  places: [number, number],
  scores: [number, number] = [10, 5],
): TournamentMatch => ({
  battleId: null,
  status: 'finished',
  participants: [
    { userId: a, place: places[0], score: scores[0], forfeited: false },
    { userId: b, place: places[1], score: scores[1], forfeited: false },
  ],
});
const entrants = (...ids: string[]): TournamentParticipant[] =>
  ids.map((userId) => ({ userId, bot: { local: true }, place: null, points: null }));

describe('computeStandings', () => {
  it('when a round robin is under way, then rows go by match points, then total score, sharing equal ranks', () => {
    const rounds: TournamentRound[] = [
      { number: 1, byes: ['d'], battles: [played('a', 'b', [1, 2], [30, 10])] },
      { number: 2, byes: ['b'], battles: [played('c', 'd', [1, 1], [20, 20])] },
      { number: 3, byes: ['a'], battles: [played('b', 'c', [2, 1], [15, 25])] },
    ];
    const rows = computeStandings('round-robin', entrants('a', 'b', 'c', 'd'), rounds);
    expect(rows.map((r) => [r.userId, r.rank, r.points])).toEqual([
      ['c', 1, 1.5],
      ['a', 2, 1],
      ['d', 3, 0.5],
      ['b', 4, 0],
    ]);
    const c = rows[0]!;
    expect([c.played, c.wins, c.draws, c.losses, c.score]).toEqual([2, 1, 1, 0, 45]);
    // round robin byes are no points
    expect(rows.find((r) => r.userId === 'b')!.byes).toBe(1);
  });

  it('when two players are level on everything, then they share the rank and the next rank skips', () => {
    const rounds: TournamentRound[] = [
      {
        number: 1,
        byes: [],
        battles: [played('a', 'b', [1, 2], [10, 5]), played('c', 'd', [1, 2], [10, 5])],
      },
    ];
    const rows = computeStandings('round-robin', entrants('a', 'b', 'c', 'd'), rounds);
    expect(rows.map((r) => r.rank)).toEqual([1, 1, 3, 3]);
  });

  it('when it is Swiss, then a bye is a win and Buchholz breaks ties before score', () => {
    const rounds: TournamentRound[] = [
      { number: 1, byes: ['e'], battles: [played('a', 'b', [1, 2]), played('c', 'd', [1, 2], [50, 0])] },
      { number: 2, byes: ['d'], battles: [played('a', 'c', [1, 2]), played('e', 'b', [2, 1])] },
    ];
    const rows = computeStandings('swiss', entrants('a', 'b', 'c', 'd', 'e'), rounds);
    const byId = new Map(rows.map((r) => [r.userId, r]));
    expect(byId.get('e')!.points).toBe(1);
    expect(byId.get('d')!.points).toBe(1);
    // c, b, e, d have 1 point each; c's opponents (d 1 + a 2) give the best Buchholz
    expect(rows[0]!.userId).toBe('a');
    expect(rows[1]!.userId).toBe('c');
    expect(byId.get('c')!.buchholz).toBe(3);
  });

  it('when the tournament finished, then the final places order the table', () => {
    const people = entrants('a', 'b');
    people[0]!.place = 2;
    people[1]!.place = 1;
    people[1]!.points = 100;
    const rows = computeStandings('round-robin', people, [
      { number: 1, byes: [], battles: [played('a', 'b', [1, 1])] },
    ]);
    expect(rows.map((r) => [r.userId, r.rank, r.ratingPoints])).toEqual([
      ['b', 1, 100],
      ['a', 2, null],
    ]);
  });
});

describe('formatPoints', () => {
  it('when points have a half, then it is written as ½', () => {
    expect([0, 0.5, 1, 2.5].map(formatPoints)).toEqual(['0', '½', '1', '2½']);
  });
});
