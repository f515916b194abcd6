import type { Generated } from '@garrison/kit';

export type BattleKind = 'challenge' | 'room' | 'matchmaking' | 'tournament' | 'practice' | 'gate';
export type BattleStatus = 'scheduled' | 'running' | 'finished' | 'cancelled';
export type Mode = 'duel' | 'ffa';

export interface BattlesTable {
  id: string;
  seq: Generated<string>;
  kind: BattleKind;
  status: BattleStatus;
  rules_version: number;
  /** bigint: pg returns it as a string. */
  seed: string | number;
  mode: Mode;
  rounds: number;
  ranked: boolean;
  live: boolean;
  context_id: string | null;
  request_id: string | null;
  created_by: string | null;
  cancel_reason: string | null;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  starts_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  live_heartbeat_at: Date | null;
  /** Raised by each takeover; only the process holding the current epoch plays the battle (ADR 280). */
  live_epoch: Generated<number>;
  /** A hosted battle shown to spectators in real time, its result hidden until then (ADR 240). */
  broadcast: Generated<boolean>;
  broadcast_starts_at: Date | null;
  broadcast_tick_ms: number | null;
  broadcast_ends_at: Date | null;
}

export interface ParticipantsTable {
  battle_id: string;
  seat: number;
  user_id: string | null;
  bot_version_id: string | null;
  bot_id: string | null;
  version: number | null;
  builtin: string | null;
  local: boolean;
  name: string;
  place: number | null;
  score: number | null;
  forfeited: Generated<boolean>;
}

export interface ReplaysTable {
  battle_id: string;
  replay_gz: Buffer;
  debug_logs: unknown;
  created_at: Generated<Date>;
}

/** What a live battle's process recorded, saved every second so another can go on (ADR 280). */
export interface LiveCheckpointsTable {
  battle_id: string;
  seq: number;
  lines: string;
  forfeited: number[];
}

export interface Database {
  battles: BattlesTable;
  participants: ParticipantsTable;
  replays: ReplaysTable;
  live_checkpoints: LiveCheckpointsTable;
}
