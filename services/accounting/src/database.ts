export interface AccountsTable {
  user_id: string;
  login: string | null;
  balance: string; // bigint comes back as a string from pg
  updated_at: Date;
}

export interface TasksTable {
  id: string;
  title: string | null;
  jira_id: string | null;
  fee: number;
  reward: number;
  priced_at: Date;
}

export interface LedgerTable {
  id: string;
  user_id: string;
  type: 'fee' | 'reward' | 'payout';
  amount: string;
  task_id: string | null;
  billing_day: string;
  cause: string;
  applied_at: Date;
}

export interface BillingDaysTable {
  day: string;
  closed_at: Date;
  paid_accounts: number;
  total_paid: string;
}

export interface Database {
  accounts: AccountsTable;
  tasks: TasksTable;
  ledger: LedgerTable;
  billing_days: BillingDaysTable;
}
