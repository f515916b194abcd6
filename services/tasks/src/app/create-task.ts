import { randomUUID } from 'node:crypto';
import { problem, withTransaction, type Kysely } from '@garrison/kit';
import type { Bus } from '@garrison/kit';
import { checkTitle, type TaskTitle } from '../domain/task-title.js';
import type { Database } from '../database.js';
import { toTaskView, type TaskView } from '../adapters/task-view.js';

export interface NewTask extends TaskTitle {
  description: string;
}

/**
 * Creates a task assigned to a random eligible worker. The row, `task.created` (v2) and the first
 * `task.assigned` commit together; with no eligible worker nothing is stored or published.
 */
export async function createTask(
  db: Kysely<Database>,
  bus: Bus,
  creatorId: string,
  input: NewTask,
): Promise<TaskView> {
  const problems = checkTitle(input);
  if (problems.length > 0) {
    throw problem(422, 'Invalid task', problems.map((p) => `${p.field} ${p.message}`).join('; '), {
      errors: problems.map((p) => ({ path: `/${p.field}`, message: p.message })),
    });
  }
  return withTransaction(db, async (tx) => {
    const worker = await tx
      .selectFrom('accounts')
      .select('id')
      .where('eligible', '=', true)
      .orderBy((eb) => eb.fn('random'))
      .limit(1)
      .executeTakeFirst();
    if (!worker)
      throw problem(409, 'No worker to assign', 'There is no active worker to give the task to yet');

    const row = await tx
      .insertInto('tasks')
      .values({
        id: randomUUID(),
        title: input.title.trim(),
        jira_id: input.jiraId,
        description: input.description,
        status: 'open',
        assignee_id: worker.id,
        created_by: creatorId,
        completed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const task = toTaskView(row);
    const { completedAt: _completedAt, ...created } = task;
    await bus.publish(tx, { type: 'task.created', version: 2, data: created });
    await bus.publish(tx, {
      type: 'task.assigned',
      version: 1,
      data: {
        assignmentId: randomUUID(),
        taskId: task.id,
        title: task.title,
        jiraId: task.jiraId,
        assigneeId: task.assigneeId,
        previousAssigneeId: null,
        assignedAt: task.createdAt,
      },
    });
    return task;
  });
}
