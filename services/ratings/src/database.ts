import type { Generated } from '@garrison/kit';

export interface UsersTable {
  id: string;
  login: string;
  updated_at: Date;
}

export interface PlayersTable {
  user_id: string;
  rating: number;
  rd: number;
  volatility: number;
  conservative: Generated<number>;
  battles: Generated<number>;
  points: Generated<number>;
  /** bigint: pg answers it as a string */
  seq: Generated<string>;
  updated_at: Generated<Date>;
}

export interface RatedBattlesTable {
  battle_id: string;
  kind: string;
  mode: string;
  finished_at: Date;
  rated_players: number;
  rated_at: Generated<Date>;
}

export interface RatingHistoryTable {
  user_id: string;
  battle_id: string;
  at: Date;
  rating: number;
  rd: number;
  volatility: number;
  conservative: number;
}

export interface FinishedTournamentsTable {
  tournament_id: string;
  series_id: string | null;
  title: string;
  weight: number;
  rating: number;
  finished_at: Date;
  recorded_at: Generated<Date>;
}

export interface TournamentPointsTable {
  tournament_id: string;
  user_id: string;
  place: number;
  points: number;
  finished_at: Date;
}

export interface Database {
  users: UsersTable;
  players: PlayersTable;
  rated_battles: RatedBattlesTable;
  rating_history: RatingHistoryTable;
  finished_tournaments: FinishedTournamentsTable;
  tournament_points: TournamentPointsTable;
}
