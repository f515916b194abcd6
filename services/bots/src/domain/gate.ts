/**
 * The regression gate (SPEC 3.2) as pure rules: which duels a newly activated version plays, and
 * what their results decide. 10 one-round duels — 4 against the previous active version, 3 each
 * against the built-in tracker and sniper; ranked-eligible once it wins ≥ 40% of them.
 */
import { createHash } from 'node:crypto';

export const GATE_OPPONENTS = [
  { against: 'baseline', duels: 4 },
  { against: 'tracker', duels: 3 },
  { against: 'sniper', duels: 3 },
] as const;

export const GATE_TOTAL = GATE_OPPONENTS.reduce((n, o) => n + o.duels, 0);
export const GATE_PASS_RATIO = 0.4;
export const GATE_ROUNDS = 1;

export type GateStatus = 'running' | 'passed' | 'failed';

/** A side of a gate duel: a hosted version (with its owner) or a built-in bot. */
export type DuelSide =
  | { kind: 'version'; userId: string; botVersionId: string }
  | { kind: 'builtin'; builtin: 'tracker' | 'sniper' };

export interface GateDuel {
  /** 1…GATE_TOTAL */
  n: number;
  /** Idempotency key of CreateBattle: asking twice never plays twice. */
  requestId: string;
  contextId: string;
  seed: number;
  /** Candidate first, opponent second, or the other way round (alternates for fairness). */
  participants: [DuelSide, DuelSide];
}

export interface GateVersion {
  botVersionId: string;
  ownerId: string;
}

export const gateContextId = (botVersionId: string): string => `gate:${botVersionId}`;

/** The candidate version of a battle context, or null when the battle is not a gate duel. */
export function gateOfContext(contextId: string | null | undefined): string | null {
  const match = /^gate:([0-9a-f-]{36})$/i.exec(contextId ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** A fixed, non-zero seed per duel: a gate replays the same way (0 means "random" to battles). */
export function duelSeed(botVersionId: string, n: number): number {
  const seed = createHash('sha256').update(`gate:${botVersionId}:${n}`).digest().readUInt32BE(0);
  return seed === 0 ? 1 : seed;
}

/** Every duel of the gate of `candidate` against `baseline` (the version active before it). */
export function planGate(candidate: GateVersion, baseline: GateVersion): GateDuel[] {
  const me: DuelSide = { kind: 'version', userId: candidate.ownerId, botVersionId: candidate.botVersionId };
  const duels: GateDuel[] = [];
  for (const opponent of GATE_OPPONENTS) {
    const them: DuelSide =
      opponent.against === 'baseline'
        ? { kind: 'version', userId: baseline.ownerId, botVersionId: baseline.botVersionId }
        : { kind: 'builtin', builtin: opponent.against };
    for (let i = 0; i < opponent.duels; i++) {
      const n = duels.length + 1;
      duels.push({
        n,
        requestId: `gate:${candidate.botVersionId}:${n}`,
        contextId: gateContextId(candidate.botVersionId),
        seed: duelSeed(candidate.botVersionId, n),
        participants: n % 2 === 1 ? [me, them] : [them, me],
      });
    }
  }
  return duels;
}

export const winsNeeded = (total = GATE_TOTAL, ratio = GATE_PASS_RATIO): number =>
  Math.ceil(total * ratio - 1e-9);

/**
 * Decided as soon as the outcome cannot change: passed once enough duels are won, failed once the
 * duels left cannot bring it there. Results arriving after the decision are still counted.
 */
export function decideGate(tally: { wins: number; played: number; total?: number }): GateStatus {
  const total = tally.total ?? GATE_TOTAL;
  const needed = winsNeeded(total);
  if (tally.wins >= needed) return 'passed';
  if (tally.wins + Math.max(0, total - tally.played) < needed) return 'failed';
  return 'running';
}

export interface FinishedParticipant {
  botVersionId: string | null;
  place: number;
}

/** The candidate won its duel when it took first place (ties are broken by the rules, SPEC 3.1). */
export function candidateWon(
  candidateVersionId: string,
  participants: readonly FinishedParticipant[],
): boolean {
  return participants.some((p) => p.botVersionId === candidateVersionId && p.place === 1);
}
