import { randomUUID } from 'node:crypto';
import { problem, sql, withTransaction, type Bus, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';

interface Moved {
  id: string;
  title: string;
  jira_id: string | null;
  assignee_id: string;
  previous_assignee_id: string;
}

/**
 * Gives every open task a new random eligible worker in ONE statement (10,000 tasks well under a
 * second), then records one `task.assigned` per open task in the same transaction. Drawing the same
 * worker again still counts as an assignment: it is charged again.
 */
export async function shuffleTasks(db: Kysely<Database>, bus: Bus): Promise<{ reassigned: number }> {
  return withTransaction(db, async (tx) => {
    const workers = await tx.selectFrom('accounts').select('id').where('eligible', '=', true).execute();
    if (workers.length === 0)
      throw problem(409, 'No worker to assign', 'There is no active worker to shuffle tasks to');

    const { rows } = await sql<Moved>`
      WITH pool AS (SELECT ${workers.map((w) => w.id)}::uuid[] AS ids),
      open_tasks AS (
        SELECT id, assignee_id AS previous_assignee_id FROM tasks WHERE status = 'open' FOR UPDATE
      )
      UPDATE tasks t
         SET assignee_id = pool.ids[1 + floor(random() * cardinality(pool.ids))::int]
        FROM pool, open_tasks o
       WHERE t.id = o.id
      RETURNING t.id, t.title, t.jira_id, t.assignee_id, o.previous_assignee_id`.execute(tx);

    const assignedAt = new Date().toISOString();
    await bus.publishMany(
      tx,
      rows.map((row) => ({
        type: 'task.assigned',
        version: 1,
        data: {
          assignmentId: randomUUID(),
          taskId: row.id,
          title: row.title,
          jiraId: row.jira_id,
          assigneeId: row.assignee_id,
          previousAssigneeId: row.previous_assignee_id,
          assignedAt,
        },
      })),
    );
    return { reassigned: rows.length };
  });
}
