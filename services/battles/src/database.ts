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

export interface Database {
  battles: BattlesTable;
  participants: ParticipantsTable;
  replays: ReplaysTable;
}
