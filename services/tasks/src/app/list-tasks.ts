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

/** Who asks for one task: its assignee, its creator, managers and admins may read it (ADR 160). */
export interface TaskReader {
  userId: string;
  roles: readonly string[];
}

const READ_ANY = ['manager', 'admin'];

/**
 * One task, for someone allowed to read it. Anyone else gets the same 404 as for a task that does not
 * exist: an id proves nothing, and the answer must not tell whether it names a task.
 */
export async function getTask(db: Kysely<Database>, id: string, reader: TaskReader): Promise<TaskView> {
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  const allowed =
    row !== undefined &&
    (row.assignee_id === reader.userId ||
      row.created_by === reader.userId ||
      reader.roles.some((role) => READ_ANY.includes(role)));
  if (!allowed) throw problem(404, 'Task not found', `There is no task ${id} you can see`);
  return toTaskView(row);
}
