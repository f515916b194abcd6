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

export interface UsersDatabase {
  users: UsersTable;
}
