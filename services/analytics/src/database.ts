import type { ColumnType, Generated } from '@garrison/kit';

export interface TransactionsTable {
  id: string;
  user_id: string;
  type: 'fee' | 'reward' | 'payout';
  amount: string;
  billing_day: string;
  applied_at: Date;
}

export interface TasksTable {
  id: string;
  title: string | null;
  jira_id: string | null;
  reward: number | null;
  completed_at: Date | null;
}

/** Every event the projections were built from, in the order applied (bigserial comes back as a string). */
export interface EventLogTable {
  seq: ColumnType<string, never, never>;
  event_id: string;
  producer: string;
  type: string;
  version: number;
  envelope: ColumnType<unknown, string, never>;
  recorded_at: Generated<Date>;
}

export interface EventLogStateTable {
  singleton: Generated<boolean>;
  complete: boolean;
}

export interface Database {
  transactions: TransactionsTable;
  tasks: TasksTable;
  event_log: EventLogTable;
  event_log_state: EventLogStateTable;
}
