/** aTES helpers for black-box tests through the gateway: staff accounts, the task board, the ledger. */
import { randomBytes } from 'node:crypto';
import { login, uniqueLogin, type Account, type ApiClient, type Json } from './api-client.js';

export interface Task {
  id: string;
  title: string;
  jiraId: string | null;
  description: string;
  status: 'open' | 'done';
  assigneeId: string;
  createdAt: string;
  completedAt: string | null;
}

export interface LedgerRow {
  id: string;
  type: 'fee' | 'reward' | 'payout';
  amount: number;
  taskId: string | null;
  taskTitle: string | null;
  jiraId: string | null;
  at: string;
}

export interface Statement {
  userId: string;
  day: string;
  balance: number;
  transactions: LedgerRow[];
}

function expectStatus(what: string, response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status)
    throw new Error(
      `${what} answered ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`,
    );
}

/** The admin creates an account with the given roles (users), gives it a password (auth), and it logs in. */
export async function createStaff(
  api: ApiClient,
  admin: Account,
  prefix: string,
  roles: string[],
): Promise<Account> {
  const name = uniqueLogin(prefix);
  const created = await api.post(
    '/api/users',
    { login: name, displayName: `Staff ${name}`, roles },
    { token: admin.accessToken },
  );
  expectStatus(`creating ${name}`, created, 201);
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const set = await api.put(
    `/api/auth/users/${(created.body as Json).id}/password`,
    { password },
    { token: admin.accessToken },
  );
  expectStatus(`setting the password of ${name}`, set, 204);
  return login(api, name, password);
}

/** Every task on the board (a manager's view); the test's few tasks fit one page. */
export async function allTasks(api: ApiClient, manager: Account, status?: 'open' | 'done'): Promise<Task[]> {
  const query = status ? `&status=${status}` : '';
  const page = await api.get(`/api/tasks?limit=500${query}`, { token: manager.accessToken });
  expectStatus('listing tasks', page, 200);
  return (page.body as { items: Task[] }).items;
}

/** A worker's balance and ledger rows of a day, as an accountant or admin sees them. */
export async function statementOf(
  api: ApiClient,
  bookkeeper: Account,
  userId: string,
  day: string,
): Promise<Statement> {
  const res = await api.get(`/api/accounting/accounts/${userId}?day=${day}`, {
    token: bookkeeper.accessToken,
  });
  expectStatus(`statement of ${userId}`, res, 200);
  // The ledger only: pendingEvents says whether it is still moving, which callers ask for themselves.
  const { pendingEvents: _pending, ...statement } = res.body as Statement & { pendingEvents: unknown };
  return statement;
}

/** Every notification of an account (the test's inboxes stay under one page of 100). */
export async function inboxOf(api: ApiClient, account: Account): Promise<Json[]> {
  const res = await api.get('/api/notifications?limit=100', { token: account.accessToken });
  expectStatus(`inbox of ${account.login}`, res, 200);
  return (res.body as { items: Json[] }).items;
}
