import type { Bus, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { applyMove, currentBillingDay, knowTask, lockForMoves } from './ledger-writer.js';

type Tx = Transaction<Database>;

/** What the tracker tells accounting about a task changing hands or being done. */
export interface TaskMove {
  taskId: string;
  title: string;
  jiraId: string | null;
  assigneeId: string;
}

export interface Assignment extends TaskMove {
  assignmentId: string;
}

/**
 * Every assignment debits the assignee the task's fee (the previous assignee is not refunded);
 * a completion credits the reward, once per task.
 */
async function moveMoney(
  tx: Tx,
  bus: Bus,
  timeZone: string,
  move: TaskMove,
  kind: 'fee' | 'reward',
  cause: string,
) {
  await lockForMoves(tx);
  const task = await knowTask(tx, bus, { taskId: move.taskId, title: move.title, jiraId: move.jiraId });
  await applyMove(tx, bus, {
    userId: move.assigneeId,
    type: kind,
    amount: kind === 'fee' ? task.fee : task.reward,
    task,
    cause,
    billingDay: await currentBillingDay(tx, timeZone),
  });
}

export const chargeAssignment = (tx: Tx, bus: Bus, timeZone: string, a: Assignment) =>
  moveMoney(tx, bus, timeZone, a, 'fee', `assignment:${a.assignmentId}`);

export const rewardCompletion = (tx: Tx, bus: Bus, timeZone: string, c: TaskMove) =>
  moveMoney(tx, bus, timeZone, c, 'reward', `completion:${c.taskId}`);
