/**
 * The messages of protocol `tanks/1` (agent ⇄ server over `/api/agent`). The JSON Schemas in
 * contracts/ws are the source of truth; these types mirror them. Receivers ignore fields they do
 * not know, so either side may add optional fields without a new protocol version.
 */
import type { Arena, BotEvent, Intent, OwnBullet, RoundInfo, SelfState, Tick } from '@garrison/bot-api';
import type { BattleResults, Mode } from '@garrison/game';

export const PROTOCOL = 'tanks/1';

// Agent → server.

export interface HelloMessage {
  type: 'hello';
  protocol: string;
  agent?: string;
  bot?: string;
}
export interface ReadyMessage {
  type: 'ready';
  battleId: string;
  bot?: string;
}
export interface IntentMessage {
  type: 'intent';
  battleId: string;
  round: number;
  tick: number;
  intent?: Intent;
  /** The bot failed this tick: the engine reuses the previous intent, fire cleared. */
  skipped?: string;
}
export interface ResumeMessage {
  type: 'resume';
  battleId: string;
}
export interface PingMessage {
  type: 'ping';
  id: number | string;
  sentAt?: number;
  rttMs?: number | null;
}
export interface PongMessage {
  type: 'pong';
  id: number | string;
  sentAt?: number;
}

export type AgentMessage =
  HelloMessage | ReadyMessage | IntentMessage | ResumeMessage | PingMessage | PongMessage;

// Server → agent.

export interface WelcomeMessage {
  type: 'welcome';
  protocol: string;
  userId: string;
  pingIntervalMs: number;
  battles: Array<{ battleId: string; phase: 'preparing' | 'playing' }>;
}
export interface OfferMessage {
  type: 'offer';
  battleId: string;
  seat: number;
  mode: Mode;
  rounds: number;
  rulesVersion: number;
  arena: Arena;
  participants: Array<{ name: string; local: boolean }>;
  tickRate: number;
  deadlineMs: number;
  timeBankMs: number;
  forfeitAfterMs: number;
  readyWithinMs: number;
}
export interface RoundStartMessage {
  type: 'round-start';
  battleId: string;
  info: RoundInfo;
}
export interface TickMessage {
  type: 'tick';
  battleId: string;
  round: number;
  tick: number;
  self: SelfState;
  bullets: OwnBullet[];
  events: BotEvent[];
  opponentsAlive: number;
  deadlineMs: number;
  bankMs: number;
}
export interface RoundEndMessage {
  type: 'round-end';
  battleId: string;
  round: number;
  standings: BattleResults;
}
export type BattleEndReason = 'finished' | 'forfeit' | 'cancelled';
export interface BattleEndMessage {
  type: 'battle-end';
  battleId: string;
  reason: BattleEndReason;
  results: BattleResults;
  forfeited: number[];
}
export interface SnapshotMessage {
  type: 'snapshot';
  battleId: string;
  offer: OfferMessage;
  phase: 'preparing' | 'playing' | 'between-rounds';
  roundInfo: RoundInfo | null;
  tick: TickMessage | null;
  standings: BattleResults;
}
export type NoticeCode = 'late-intent' | 'idle' | 'resumed' | 'forfeited';
export interface NoticeMessage {
  type: 'notice';
  battleId: string;
  code: NoticeCode;
  message: string;
  round?: number;
  tick?: number;
}
export type ErrorCode =
  | 'not-json'
  | 'bad-message'
  | 'unknown-type'
  | 'hello-first'
  | 'unsupported-protocol'
  | 'unknown-battle'
  | 'too-large';
export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  battleId?: string;
}

export type ServerMessage =
  | WelcomeMessage
  | OfferMessage
  | RoundStartMessage
  | TickMessage
  | RoundEndMessage
  | BattleEndMessage
  | SnapshotMessage
  | PingMessage
  | PongMessage
  | NoticeMessage
  | ErrorMessage;

/** The bot-api Tick inside a tick message. */
export function tickOf(message: TickMessage): Tick {
  return {
    tick: message.tick,
    round: message.round,
    self: message.self,
    bullets: message.bullets,
    events: message.events,
    opponentsAlive: message.opponentsAlive,
  };
}
