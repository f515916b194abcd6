import { upcastTaskCreated, type TaskCreatedV1, type TaskCreatedV2 } from '@garrison/contracts';
import type { EventEnvelope, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';

type Tx = Transaction<Database>;

interface TransactionApplied {
  transactionId: string;
  userId: string;
  type: 'fee' | 'reward' | 'payout';
  amount: number;
  billingDay: string;
  appliedAt: string;
}

interface TaskCompleted {
  taskId: string;
  title: string;
  jiraId: string | null;
  completedAt: string;
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

export interface Projection {
  producer: string;
  type: string;
  versions: number[];
  apply(tx: Tx, event: EventEnvelope): Promise<void>;
}

/**
 * How each consumed event changes the read model. The same functions serve live consumption and a
 * rebuild from the event log, so the two cannot disagree. Every step commutes (inserts keyed by id,
 * each task column owned by one event type), so the arrival order does not change the numbers.
 */
export const PROJECTIONS: readonly Projection[] = [
  {
    producer: 'accounting',
    type: 'account.transaction-applied',
    versions: [1],
    async apply(tx, event) {
      const data = event.data as TransactionApplied;
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
  },
  {
    producer: 'accounting',
    type: 'task.priced',
    versions: [1],
    async apply(tx, event) {
      const data = event.data as { taskId: string; reward: number };
      await noteTask(tx, data.taskId, { reward: data.reward });
    },
  },
  {
    producer: 'tasks',
    type: 'task.completed',
    versions: [1],
    async apply(tx, event) {
      const data = event.data as TaskCompleted;
      await noteTask(tx, data.taskId, {
        title: data.title,
        jira_id: data.jiraId,
        completed_at: new Date(data.completedAt),
      });
    },
  },
  {
    producer: 'tasks',
    type: 'task.created',
    versions: [1, 2],
    async apply(tx, event) {
      const task = upcastTaskCreated(event.version, event.data as TaskCreatedV1 | TaskCreatedV2);
      await noteTask(tx, task.id, { title: task.title, jira_id: task.jiraId });
    },
  },
];

export function projectionOf(event: Pick<EventEnvelope, 'producer' | 'type' | 'version'>): Projection {
  const found = PROJECTIONS.find(
    (p) => p.producer === event.producer && p.type === event.type && p.versions.includes(event.version),
  );
  if (!found) throw new Error(`no projection for ${event.producer}/${event.type} v${event.version}`);
  return found;
}
