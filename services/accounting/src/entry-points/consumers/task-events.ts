import { upcastTaskCreated, type TaskCreatedV1, type TaskCreatedV2 } from '@garrison/contracts';
import { onEvent, type ServiceContext, type Transaction } from '@garrison/kit';
import type { config } from '../../config.js';
import type { Database } from '../../database.js';
import {
  chargeAssignments,
  rewardCompletions,
  type Assignment,
  type TaskMove,
} from '../../app/charge-for-tasks.js';
import { knowTasks } from '../../app/ledger-writer.js';

type Tx = Transaction<Database>;
type Ctx = ServiceContext<Database, typeof config>;

/**
 * Money moves of different workers do not contend (each locks only its own account row), so a
 * shuffle's burst of assignments is worked off by several handlers at once, many moves per
 * transaction — and each batch is handled set-wise (handleBatch: a few statements per batch, not
 * per move). Moves of one worker share a lane (partition key), so two batches never lock the
 * same account rows in opposite order.
 */
const MONEY_MOVES = {
  concurrency: 8,
  batchSize: 100,
  partitionKey: (event: { data: TaskMove }) => event.data.assigneeId,
};

/** The tracker's events, in any order and any number of times, end in the same ledger. */
export const taskEvents = (ctx: Ctx) => [
  onEvent<TaskCreatedV1 | TaskCreatedV2, Tx>({
    producer: 'tasks',
    type: 'task.created',
    versions: [1, 2],
    async handleBatch(events, tx) {
      await knowTasks(
        tx,
        ctx.bus,
        events.map((event) => {
          const task = upcastTaskCreated(event.version, event.data);
          return { taskId: task.id, title: task.title, jiraId: task.jiraId, cause: event };
        }),
      );
    },
  }),
  onEvent<Assignment, Tx>({
    producer: 'tasks',
    type: 'task.assigned',
    versions: [1],
    ...MONEY_MOVES,
    handleBatch: (events, tx) => chargeAssignments(tx, ctx.bus, ctx.config.timeZone, events),
  }),
  onEvent<TaskMove, Tx>({
    producer: 'tasks',
    type: 'task.completed',
    versions: [1],
    ...MONEY_MOVES,
    handleBatch: (events, tx) => rewardCompletions(tx, ctx.bus, ctx.config.timeZone, events),
  }),
];
