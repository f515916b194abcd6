import type { Bus, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { applyMove, currentBillingDay, knowTask, lockForMoves } from './ledger-writer.js';

type Tx = Transaction<Database>;

export interface Assignment {
  assignmentId: string;
  taskId: string;
  title: string;
  jiraId: string | null;
  assigneeId: string;
}

/** Every assignment debits the assignee the task's fee (the previous assignee is not refunded). */
export async function chargeAssignment(tx: Tx, bus: Bus, timeZone: string, a: Assignment): Promise<void> {
  await lockForMoves(tx);
  const task = await knowTask(tx, bus, { taskId: a.taskId, title: a.title, jiraId: a.jiraId });
  await applyMove(tx, bus, {
    userId: a.assigneeId,
    type: 'fee',
    amount: task.fee,
    task,
    cause: `assignment:${a.assignmentId}`,
    billingDay: await currentBillingDay(tx, timeZone),
  });
}

export interface Completion {
  taskId: string;
  title: string;
  jiraId: string | null;
  assigneeId: string;
}

/** A completion credits the assignee the task's reward, once per task. */
export async function rewardCompletion(tx: Tx, bus: Bus, timeZone: string, c: Completion): Promise<void> {
  await lockForMoves(tx);
  const task = await knowTask(tx, bus, { taskId: c.taskId, title: c.title, jiraId: c.jiraId });
  await applyMove(tx, bus, {
    userId: c.assigneeId,
    type: 'reward',
    amount: task.reward,
    task,
    cause: `completion:${c.taskId}`,
    billingDay: await currentBillingDay(tx, timeZone),
  });
}
