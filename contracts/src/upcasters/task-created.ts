/**
 * task.created v1 → v2. v1 titles may carry the jira id as "[UBERPOP-42] Title"; v2 has `jiraId`
 * beside a bracket-free title. Consumers accept both versions by upcasting v1 here, so the rule
 * lives in one place (the tracker's old `/api/v1/tasks` form uses the same split).
 */
export const JIRA_ID = /^[A-Z][A-Z0-9]+-[0-9]+$/;
const LEGACY_TITLE = /^\s*\[(?<jiraId>[^\]]+)\]\s*(?<title>.*)$/s;

export interface TaskTitle {
  title: string;
  jiraId: string | null;
}

/** "[UBERPOP-42] Feed the parrots" → {title: "Feed the parrots", jiraId: "UBERPOP-42"}. */
export function splitLegacyTitle(raw: string): TaskTitle {
  const match = LEGACY_TITLE.exec(raw);
  if (!match) return { title: raw.trim(), jiraId: null };
  return { title: match.groups!.title!.trim(), jiraId: match.groups!.jiraId!.trim() };
}

export interface TaskCreatedV1 {
  id: string;
  title: string;
  description: string;
  status: 'open' | 'done';
  assigneeId: string;
  createdAt: string;
}

export interface TaskCreatedV2 extends Omit<TaskCreatedV1, 'title'>, TaskTitle {}

export function upcastTaskCreated(version: number, data: TaskCreatedV1 | TaskCreatedV2): TaskCreatedV2 {
  if (version >= 2) return data as TaskCreatedV2;
  return { ...data, ...splitLegacyTitle(data.title) };
}
