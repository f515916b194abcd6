import { problem, type Kysely } from '@garrison/kit';
import type { Database } from '../database.js';
import { toTaskView, type TaskView } from '../adapters/task-view.js';

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
}

export interface ListQuery {
  assigneeId?: string;
  status?: 'open' | 'done';
  limit: number;
  cursor?: string;
}

/** Keyset pagination on the insertion sequence: stable under concurrent inserts. */
export async function listTasks(db: Kysely<Database>, query: ListQuery): Promise<TaskPage> {
  if (query.cursor !== undefined && !/^\d+$/.test(query.cursor)) {
    throw problem(400, 'Invalid cursor', 'cursor must be a value returned as nextCursor');
  }
  let select = db
    .selectFrom('tasks')
    .selectAll()
    .orderBy('seq')
    .limit(query.limit + 1);
  if (query.assigneeId) select = select.where('assignee_id', '=', query.assigneeId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.cursor) select = select.where('seq', '>', query.cursor);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toTaskView),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.seq) : null,
  };
}

export async function getTask(db: Kysely<Database>, id: string): Promise<TaskView> {
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw problem(404, 'Task not found', `There is no task ${id}`);
  return toTaskView(row);
}
