/**
 * Titles and jira ids. Since task.created v2 the jira id lives in its own field and a title may not
 * contain brackets; the old API form "[UBERPOP-42] Title" is still accepted and split here.
 */
export const JIRA_ID = /^[A-Z][A-Z0-9]+-[0-9]+$/;
const LEGACY_TITLE = /^\s*\[(?<jiraId>[^\]]+)\]\s*(?<title>.*)$/s;

export interface TaskTitle {
  title: string;
  jiraId: string | null;
}

export type TitleProblem = { field: 'title' | 'jiraId'; message: string };

export function checkTitle(input: TaskTitle): TitleProblem[] {
  const problems: TitleProblem[] = [];
  if (input.title.trim().length === 0) problems.push({ field: 'title', message: 'must not be empty' });
  if (/[[\]]/.test(input.title)) {
    problems.push({ field: 'title', message: 'must not contain "[" or "]": put the jira id in jiraId' });
  }
  if (input.jiraId !== null && !JIRA_ID.test(input.jiraId)) {
    problems.push({ field: 'jiraId', message: 'must look like UBERPOP-42' });
  }
  return problems;
}

/** "[UBERPOP-42] Feed the parrots" → {title: "Feed the parrots", jiraId: "UBERPOP-42"}. */
export function splitLegacyTitle(raw: string): TaskTitle {
  const match = LEGACY_TITLE.exec(raw);
  if (!match) return { title: raw.trim(), jiraId: null };
  return { title: match.groups!.title!.trim(), jiraId: match.groups!.jiraId!.trim() };
}
