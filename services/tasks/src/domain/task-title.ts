/**
 * Titles and jira ids. Since task.created v2 the jira id lives in its own field and a title may not
 * contain brackets; the old API form "[UBERPOP-42] Title" is split by the contract's own rule.
 */
import { JIRA_ID, type TaskTitle } from '@garrison/contracts';

export { splitLegacyTitle, type TaskTitle } from '@garrison/contracts';

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
