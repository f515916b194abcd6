import type { Match, Outcome, Round } from './format.js';

/** Match points of `userId` in a finished duel: win 1, draw ½, loss 0. A forfeit always loses. */
export function matchPoints(match: Match, userId: string): number {
  const me = match.outcome?.find((o) => o.userId === userId);
  const other = match.outcome?.find((o) => o.userId !== userId);
  if (!me || !other) return 0;
  if (me.forfeited) return 0;
  if (other.forfeited) return 1;
  if (me.place < other.place) return 1;
  if (me.place === other.place) return 0.5;
  return 0;
}

export const scoreOf = (match: Match, userId: string): number =>
  match.outcome?.find((o) => o.userId === userId)?.score ?? 0;

export const opponentOf = (match: Match, userId: string): string | undefined =>
  match.participants.find((p) => p !== userId);

export const isFinished = (round: Round): boolean => round.matches.every((m) => m.outcome !== undefined);

/**
 * The one who goes on from a knockout duel: the better place (a forfeit never wins), then the higher
 * score, then the better seed — a knockout needs a winner even from a draw.
 */
export function winnerOf(match: Match, seedOf: (userId: string) => number): string {
  const ranked = [...(match.outcome ?? [])].sort(
    (a: Outcome, b: Outcome) =>
      Number(a.forfeited ?? false) - Number(b.forfeited ?? false) ||
      a.place - b.place ||
      b.score - a.score ||
      seedOf(a.userId) - seedOf(b.userId),
  );
  const winner = ranked[0]?.userId;
  if (!winner) throw new Error('a match without an outcome has no winner');
  return winner;
}

/** Competition ranking (1, 2, 2, 4): entrants equal by `same` share the place of the first of them. */
export function rankInOrder<T extends { userId: string }>(
  sorted: T[],
  same: (a: T, b: T) => boolean,
): Array<{ userId: string; place: number }> {
  const out: Array<{ userId: string; place: number }> = [];
  sorted.forEach((item, i) => {
    const prev = sorted[i - 1];
    const place = prev && same(prev, item) ? out[i - 1]!.place : i + 1;
    out.push({ userId: item.userId, place });
  });
  return out;
}
