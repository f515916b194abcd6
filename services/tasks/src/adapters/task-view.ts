import type { Selectable } from '@garrison/kit';
import type { TasksTable } from '../database.js';

/** The public task shape (contract): what every task endpoint answers. */
export interface TaskView {
  id: string;
  title: string;
  jiraId: string | null;
  description: string;
  status: 'open' | 'done';
  assigneeId: string;
  createdAt: string;
  completedAt: string | null;
}

export function toTaskView(row: Selectable<TasksTable>): TaskView {
  return {
    id: row.id,
    title: row.title,
    jiraId: row.jira_id,
    description: row.description,
    status: row.status,
    assigneeId: row.assignee_id,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/** The v2 `task.created` / `task.updated` payload carries the whole task (event-carried state). */
export const taskState = (row: Selectable<TasksTable>) => toTaskView(row);
