// The single-elimination bracket as columns of slots: the rounds played or in progress, then empty
// slots for the rounds still to come, so the whole tree is visible from the first day.
import type { TournamentMatch, TournamentRound } from '../api/competition-types';

export type BracketSlot =
  { kind: 'match'; match: TournamentMatch } | { kind: 'bye'; userId: string } | { kind: 'to-come' };

export interface BracketColumn {
  /** 1-based round number. */
  number: number;
  title: string;
  slots: BracketSlot[];
}

/** Rounds a knockout of `entrants` needs: ⌈log2 n⌉ (at least one). */
export function knockoutRounds(entrants: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(2, entrants))));
}

/** "Final", "Semi-finals", "Quarter-finals", else "Round n". */
export function roundTitle(number: number, total: number): string {
  const fromEnd = total - number;
  if (fromEnd === 0) return 'Final';
  if (fromEnd === 1) return 'Semi-finals';
  if (fromEnd === 2) return 'Quarter-finals';
  return `Round ${number}`;
}

const playersOf = (slot: BracketSlot): string[] =>
  slot.kind === 'match'
    ? slot.match.participants.map((p) => p.userId)
    : slot.kind === 'bye'
      ? [slot.userId]
      : [];

/**
 * Lays out the bracket. Each later round is ordered by where its players came from in the round
 * before, so a slot sits level with the slots that feed it.
 */
export function layoutBracket(entrants: number, rounds: readonly TournamentRound[]): BracketColumn[] {
  const total = Math.max(knockoutRounds(entrants), rounds.length);
  const columns: BracketColumn[] = [];
  for (let number = 1; number <= total; number++) {
    const round = rounds.find((r) => r.number === number);
    const size = 2 ** (total - number);
    let slots: BracketSlot[] = round
      ? [
          ...round.battles.map((match): BracketSlot => ({ kind: 'match', match })),
          ...round.byes.map((userId): BracketSlot => ({ kind: 'bye', userId })),
        ]
      : [];
    const previous = columns.at(-1);
    if (previous && slots.length > 1) {
      const origin = new Map<string, number>();
      previous.slots.forEach((slot, index) => playersOf(slot).forEach((u) => origin.set(u, index)));
      const position = (slot: BracketSlot) =>
        Math.min(...playersOf(slot).map((u) => origin.get(u) ?? Number.MAX_SAFE_INTEGER));
      slots = [...slots].sort((a, b) => position(a) - position(b));
    }
    while (slots.length < size) slots.push({ kind: 'to-come' });
    columns.push({ number, title: roundTitle(number, total), slots });
  }
  return columns;
}
