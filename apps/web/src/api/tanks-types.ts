// Shapes of the Tanks endpoints (SPEC 3.2 and 3.3: the bots and battles services are the contract).
import type { BattleResults, MatchSnapshot } from '@garrison/game';

export interface Bot {
  id: string;
  name: string;
  ownerId: string;
  createdAt?: string;
}

export type BotLanguage = 'js' | 'ts';
export type VersionStatus = 'valid' | 'invalid';

/** The answer to an upload: `id` is the bot version id (`botVersionId` everywhere else). */
export interface UploadedVersion {
  id: string;
  version: number;
  status: VersionStatus;
  error?: string;
}

export interface RegressionGate {
  status: string;
  wins: number;
  played: number;
}

export interface BotVersion extends UploadedVersion {
  active: boolean;
  rankedEligible: boolean;
  gate?: RegressionGate;
  createdAt?: string;
}

export const BUILTIN_BOT_NAMES = ['sitting-duck', 'spinner', 'tracker', 'sniper', 'duelist'] as const;
export type BuiltinName = (typeof BUILTIN_BOT_NAMES)[number];

/** One seat of a practice battle. */
export type SeatRequest = { botVersionId: string } | { builtin: string } | { local: true };

export interface NewBattle {
  participants: SeatRequest[];
  rounds?: number;
  /** Game rules version: 1 (default) or 2 (obstacles). */
  rulesVersion?: number;
  seed?: number;
}

export type BattleStatus = 'scheduled' | 'running' | 'finished' | 'cancelled';

export interface BattleParticipant {
  userId: string | null;
  botId: string | null;
  version: number | null;
  builtin: string | null;
  local?: boolean;
  /** The engine's name for the seat (bot name or builtin), when the service gives it. */
  name?: string;
  place: number | null;
  score: number | null;
}

export interface Battle {
  id: string;
  kind: string;
  status: BattleStatus;
  rulesVersion: number;
  seed: number;
  mode?: 'duel' | 'ffa';
  participants: BattleParticipant[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Shown to spectators in real time once computed; places stay hidden until the broadcast ends. */
  broadcast?: boolean;
  broadcastStartsAt?: string | null;
}

/** What `/api/battles/{id}/live` sends: the engine's full state after each tick. */
export interface LiveFrame {
  type: 'frame' | 'round-end' | 'battle-end';
  battleId: string;
  round: number;
  tick: number;
  state: MatchSnapshot;
  results?: BattleResults;
}
