import type { ColumnType, Generated } from '@garrison/kit';
import type { SeriesSchedule } from './domain/schedule.js';

export type TournamentStatus = 'upcoming' | 'running' | 'finished' | 'cancelled';
export type ApplicationStatus = 'pending' | 'accepted' | 'rejected' | 'waitlisted';
export type MatchStatus = 'pending' | 'scheduled' | 'running' | 'finished' | 'cancelled';
export type Visibility = 'public' | 'invite-only';

/** A hosted bot version or the player's local Agent (SPEC 3.2). */
export type BotChoice = { botVersionId: string } | { local: true };
export interface Rules {
  mode: 'duel';
  rounds?: number;
  /** Version of the game rules of every battle (ADR 230); absent = 1. */
  version?: number;
}
export interface StoredOutcome {
  userId: string;
  place: number;
  score: number;
  forfeited: boolean;
}

/** jsonb: read as the value, written as JSON text (pg would turn a JS array into a Postgres array). */
export type Json<T> = ColumnType<T, string, string>;
export const json = (value: unknown): string => JSON.stringify(value);

export interface SeriesTable {
  id: string;
  title: string;
  description: string;
  organizer_id: string;
  format: string;
  swiss_rounds: number | null;
  rules: Json<Rules>;
  capacity: number;
  visibility: Visibility;
  schedule: Json<SeriesSchedule>;
  created_at: Generated<Date>;
}

export interface TournamentsTable {
  id: string;
  seq: Generated<string>;
  title: string;
  description: string;
  organizer_id: string;
  format: string;
  swiss_rounds: number | null;
  rules: Json<Rules>;
  capacity: number;
  visibility: Visibility;
  starts_at: Date;
  registration_closes_at: Date;
  status: TournamentStatus;
  series_id: string | null;
  edition: number | null;
  rating: number | null;
  weight: number | null;
  cancel_reason: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  /** Battles shown live to spectators, results revealed when each broadcast ends (ADR 240). */
  broadcast: Generated<boolean>;
}

export interface ApplicationsTable {
  id: string;
  tournament_id: string;
  user_id: string;
  bot: Json<BotChoice>;
  status: ApplicationStatus;
  reason: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

export interface InvitationsTable {
  tournament_id: string;
  user_id: string;
  invited_at: Generated<Date>;
}

export interface ParticipantsTable {
  tournament_id: string;
  user_id: string;
  bot: Json<BotChoice>;
  seed: number;
  skill: number;
  place: number | null;
  points: number | null;
}

export interface RoundsTable {
  tournament_id: string;
  number: number;
  byes: string[];
  started_at: Generated<Date>;
}

export interface MatchesTable {
  tournament_id: string;
  round: number;
  k: number;
  participants: string[];
  battle_id: string | null;
  status: MatchStatus;
  outcome: ColumnType<StoredOutcome[] | null, string | null, string | null>;
}

export interface SkillRatingsTable {
  user_id: string;
  conservative: number;
  seq: ColumnType<string, number, number>;
  updated_at: Date;
}

export interface RemindersSentTable {
  battle_id: string;
  user_id: string;
  minutes_before: number;
  sent_at: Generated<Date>;
}

export interface Database {
  series: SeriesTable;
  tournaments: TournamentsTable;
  applications: ApplicationsTable;
  invitations: InvitationsTable;
  participants: ParticipantsTable;
  rounds: RoundsTable;
  matches: MatchesTable;
  skill_ratings: SkillRatingsTable;
  reminders_sent: RemindersSentTable;
}
