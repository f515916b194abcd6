import type { Generated } from '@garrison/kit';

export interface AccountsTable {
  id: string;
  login: string;
  roles: string[];
  active: boolean;
  eligible: Generated<boolean>;
  updated_at: Date;
}

export interface TasksTable {
  id: string;
  seq: Generated<string>;
  title: string;
  jira_id: string | null;
  description: string;
  status: 'open' | 'done';
  assignee_id: string;
  created_by: string;
  created_at: Generated<Date>;
  completed_at: Date | null;
}

export interface Database {
  accounts: AccountsTable;
  tasks: TasksTable;
}
