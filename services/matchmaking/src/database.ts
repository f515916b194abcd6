import type { Generated } from '@garrison/kit';
import type { BotChoice } from './domain/bot.js';
import type { Mode } from './domain/rules.js';

export type ChallengeStatus = 'pending' | 'accepted' | 'declined' | 'expired';
export type RoomStatus = 'open' | 'started' | 'closed';

export interface ChallengesTable {
  id: string;
  challenger_id: string;
  opponent_id: string;
  challenger_bot: BotChoice;
  opponent_bot: BotChoice | null;
  mode: Mode;
  rounds: number;
  rules_version: number;
  ranked: boolean;
  status: ChallengeStatus;
  battle_id: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  decided_at: Date | null;
}

export interface RoomsTable {
  id: string;
  name: string;
  owner_id: string;
  private: boolean;
  join_code: string | null;
  capacity: number;
  mode: Mode;
  rounds: number;
  rules_version: number;
  status: RoomStatus;
  battle_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RoomMembersTable {
  room_id: string;
  user_id: string;
  bot: BotChoice;
  ready: Generated<boolean>;
  joined_at: Generated<Date>;
}

export interface QueueEntriesTable {
  user_id: string;
  bot: BotChoice;
  status: 'searching' | 'matched';
  since: Generated<Date>;
  match_id: string | null;
}

export interface MatchesTable {
  id: string;
  player_a: string;
  bot_a: BotChoice;
  rating_a: number;
  player_b: string;
  bot_b: BotChoice;
  rating_b: number;
  battle_id: string | null;
  refused: string | null;
  created_at: Generated<Date>;
}

export interface LastOpponentsTable {
  user_id: string;
  opponent_id: string;
  matched_at: Date;
}

export interface SkillRatingsTable {
  user_id: string;
  conservative: number;
  seq: string;
  updated_at: Date;
}

export interface PlayersTable {
  id: string;
  login: string;
  display_name: string | null;
  active: boolean;
  updated_at: Date;
}

export interface Database {
  challenges: ChallengesTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  queue_entries: QueueEntriesTable;
  matches: MatchesTable;
  last_opponents: LastOpponentsTable;
  skill_ratings: SkillRatingsTable;
  players: PlayersTable;
}
