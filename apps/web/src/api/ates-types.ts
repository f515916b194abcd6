// Shapes of the aTES endpoints (SPEC section 4; the services' response schemas are the contract).
import type { Page } from './types';

export type TaskStatus = 'open' | 'done';

export interface Task {
  id: string;
  title: string;
  jiraId: string | null;
  description: string;
  status: TaskStatus;
  assigneeId: string;
  createdAt: string;
  completedAt: string | null;
}

export type TaskPage = Page<Task>;

export interface NewTask {
  title: string;
  jiraId?: string;
  description: string;
}

export type TransactionType = 'fee' | 'reward' | 'payout';

export interface Transaction {
  id: string;
  type: TransactionType;
  /** Always positive; the type says which way the money went. */
  amount: number;
  taskId: string | null;
  taskTitle: string | null;
  jiraId: string | null;
  at: string;
}

/** Events the service has yet to apply: above 0 its figures are still moving; null when unknown. */
export interface Pending {
  pendingEvents: number | null;
}

export interface Statement extends Pending {
  userId: string;
  day: string;
  balance: number;
  transactions: Transaction[];
}

export interface AccountBalance {
  userId: string;
  login: string | null;
  balance: number;
}

export interface DaySummary {
  day: string;
  managementEarnings: number;
  feesDebited: number;
  rewardsCredited: number;
  paidOut: number;
}

export interface DayClosed {
  day: string;
  paidAccounts: number;
  totalPaid: number;
}

export interface AnalyticsSummary extends Pending {
  day: string;
  managementEarnings: number;
  negativeBalanceCount: number;
}

export type PeriodKind = 'day' | 'week' | 'month';

export interface ExpensivePeriod {
  from: string;
  to: string;
  task: { id: string; title: string | null; jiraId: string | null; reward: number } | null;
}
