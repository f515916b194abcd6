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

export interface Database {
  transactions: TransactionsTable;
  tasks: TasksTable;
}
