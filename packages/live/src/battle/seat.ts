import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { Answer, BattleResults } from '@garrison/game';
import type { BattleEndMessage, ServerMessage } from '../protocol/messages.js';

/** One participant of a live battle, however it is played. */
export interface Seat {
  readonly index: number;
  readonly name: string;
  /** Local seats that stayed away too long; they are placed last. */
  readonly forfeited: boolean;
  roundStart(info: RoundInfo): void;
  /** The answer for this tick; a local seat answers by its deadline at the latest. */
  tick(tick: Tick): Answer | Promise<Answer>;
  roundEnd(round: number, standings: BattleResults): void;
  battleEnd(message: BattleEndMessage): void;
  /** Resolves a pending tick at once (the battle is being cancelled). */
  cancel(): void;
  debugLog(): unknown[];
  dispose(): void;
}

/** The side of an agent connection a local seat talks to. */
export interface SeatLink {
  readonly userId: string;
  /** Smoothed round-trip time, null before the first pong. */
  readonly rttMs: number | null;
  send(message: ServerMessage): void;
}
