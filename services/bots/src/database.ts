import type { Generated } from '@garrison/kit';

export type Language = 'js' | 'ts';
export type VersionStatus = 'valid' | 'invalid';
export type GateStatus = 'running' | 'passed' | 'failed';

export interface BotsTable {
  id: string;
  seq: Generated<string>;
  name: string;
  owner_id: string;
  active_version_id: string | null;
  last_version: Generated<number>;
  created_at: Generated<Date>;
}

export interface BotVersionsTable {
  id: string;
  bot_id: string;
  version: number;
  language: Language;
  source: string;
  compiled_js: string | null;
  status: VersionStatus;
  error: string | null;
  ranked_eligible: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface GatesTable {
  bot_version_id: string;
  baseline_version_id: string;
  status: GateStatus;
  total: number;
  wins: Generated<number>;
  played: Generated<number>;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface GateDuelsTable {
  bot_version_id: string;
  n: number;
  battle_id: string;
  created_at: Generated<Date>;
}

export interface GateResultsTable {
  battle_id: string;
  bot_version_id: string;
  won: boolean;
  outcome: 'finished' | 'cancelled';
  recorded_at: Generated<Date>;
}

export interface Database {
  bots: BotsTable;
  bot_versions: BotVersionsTable;
  gates: GatesTable;
  gate_duels: GateDuelsTable;
  gate_results: GateResultsTable;
}
