import type { ColumnType } from 'kysely';

// The users service's own database (migrations/). Only this service reads or writes it.
export interface UsersTable {
  id: string;
  login: string;
  display_name: string;
  roles: string[];
  active: boolean;
  created_at: ColumnType<Date, Date, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** ratings' view of a player, copied from rating.changed (migrations/002). */
export interface RatingCopiesTable {
  user_id: string;
  skill: number;
  rd: number;
  conservative: number;
  points: number;
  battles: number;
  /** bigint: pg answers it as a string */
  seq: string;
  changed_at: Date;
}

export interface UsersDatabase {
  users: UsersTable;
  rating_copies: RatingCopiesTable;
}
