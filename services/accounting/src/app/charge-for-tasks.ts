import type { Bus, EventEnvelope, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { applyMoves, currentBillingDay, knowTasks, lockForMoves } from './ledger-writer.js';

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

interface MoneyMove {
  event: EventEnvelope<TaskMove>;
  kind: 'fee' | 'reward';
  cause: string;
}

/**
 * Every assignment debits the assignee the task's fee (the previous assignee is not refunded);
 * a completion credits the reward, once per task.
 * A batch of events costs a fixed number of statements, whatever its size: the shared close lock,
 * one price upsert, one billing-day read, then applyMoves (account upsert, ledger insert, balance
 * update). A single event is a batch of one: there is no other path.
 */
async function moveMoney(tx: Tx, bus: Bus, timeZone: string, moves: MoneyMove[]): Promise<void> {
  if (moves.length === 0) return;
  await lockForMoves(tx);
  const tasks = await knowTasks(
    tx,
    bus,
    moves.map(({ event }) => ({
      taskId: event.data.taskId,
      title: event.data.title,
      jiraId: event.data.jiraId,
      cause: event,
    })),
  );
  const billingDay = await currentBillingDay(tx, timeZone);
  await applyMoves(
    tx,
    bus,
    moves.map(({ event, kind, cause }) => {
      const task = tasks.get(event.data.taskId)!;
      return {
        userId: event.data.assigneeId,
        type: kind,
        amount: kind === 'fee' ? task.fee : task.reward,
        task,
        cause,
        billingDay,
        causedBy: event,
      };
    }),
  );
}

export const chargeAssignments = (tx: Tx, bus: Bus, timeZone: string, events: EventEnvelope<Assignment>[]) =>
  moveMoney(
    tx,
    bus,
    timeZone,
    events.map((event) => ({ event, kind: 'fee', cause: `assignment:${event.data.assignmentId}` })),
  );

export const rewardCompletions = (tx: Tx, bus: Bus, timeZone: string, events: EventEnvelope<TaskMove>[]) =>
  moveMoney(
    tx,
    bus,
    timeZone,
    events.map((event) => ({ event, kind: 'reward', cause: `completion:${event.data.taskId}` })),
  );
