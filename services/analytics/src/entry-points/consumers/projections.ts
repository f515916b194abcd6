import { upcastTaskCreated, type TaskCreatedV1, type TaskCreatedV2 } from '@garrison/contracts';
import { onEvent, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';

type Tx = Transaction<Database>;

interface TransactionApplied {
  transactionId: string;
  userId: string;
  type: 'fee' | 'reward' | 'payout';
  amount: number;
  billingDay: string;
  appliedAt: string;
}

/** Upserts the facts one event knows about a task; each column is filled by the event that owns it. */
async function noteTask(tx: Tx, id: string, facts: Partial<Omit<Database['tasks'], 'id'>>): Promise<void> {
  const known = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
  await tx
    .insertInto('tasks')
    .values({ id, title: null, jira_id: null, reward: null, completed_at: null, ...known })
    .onConflict((oc) => oc.column('id').doUpdateSet(known))
    .execute();
}

export const projections = [
  onEvent<TransactionApplied, Tx>({
    producer: 'accounting',
    type: 'account.transaction-applied',
    versions: [1],
    async handle({ data }, tx) {
      await tx
        .insertInto('transactions')
        .values({
          id: data.transactionId,
          user_id: data.userId,
          type: data.type,
          amount: String(data.amount),
          billing_day: data.billingDay,
          applied_at: new Date(data.appliedAt),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
  }),
  onEvent<{ taskId: string; reward: number }, Tx>({
    producer: 'accounting',
    type: 'task.priced',
    versions: [1],
    handle: ({ data }, tx) => noteTask(tx, data.taskId, { reward: data.reward }),
  }),
  onEvent<{ taskId: string; title: string; jiraId: string | null; completedAt: string }, Tx>({
    producer: 'tasks',
    type: 'task.completed',
    versions: [1],
    handle: ({ data }, tx) =>
      noteTask(tx, data.taskId, {
        title: data.title,
        jira_id: data.jiraId,
        completed_at: new Date(data.completedAt),
      }),
  }),
  onEvent<TaskCreatedV1 | TaskCreatedV2, Tx>({
    producer: 'tasks',
    type: 'task.created',
    versions: [1, 2],
    async handle(event, tx) {
      const task = upcastTaskCreated(event.version, event.data);
      await noteTask(tx, task.id, { title: task.title, jira_id: task.jiraId });
    },
  }),
];
