import { problem, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { toTaskView, type TaskView } from '../adapters/task-view.js';

/**
 * Only the current assignee completes a task. Completing a done task answers the task again and
 * publishes nothing (a retried click must not pay twice).
 */
export async function completeTask(
  db: Kysely<Database>,
  bus: Bus,
  taskId: string,
  userId: string,
): Promise<TaskView> {
  return withTransaction(db, async (tx) => {
    const row = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw problem(404, 'Task not found', `There is no task ${taskId}`);
    if (row.assignee_id !== userId) {
      throw problem(403, 'Not your task', 'Only the current assignee can complete this task');
    }
    if (row.status === 'done') return toTaskView(row);

    const done = await tx
      .updateTable('tasks')
      .set({ status: 'done', completed_at: new Date() })
      .where('id', '=', taskId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const task = toTaskView(done);
    await bus.publish(tx, {
      type: 'task.completed',
      version: 1,
      data: {
        taskId: task.id,
        title: task.title,
        jiraId: task.jiraId,
        assigneeId: task.assigneeId,
        completedAt: task.completedAt,
      },
    });
    await bus.publish(tx, { type: 'task.updated', version: 1, data: task });
    return task;
  });
}
