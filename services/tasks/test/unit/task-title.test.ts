import { describe, expect, it } from 'vitest';
import { checkTitle, splitLegacyTitle } from '../../src/domain/task-title.js';

describe('task titles', () => {
  it('when the old form carries the jira id in brackets, then it is split off', () => {
    expect(splitLegacyTitle('[UBERPOP-42] Feed the parrots')).toEqual({
      title: 'Feed the parrots',
      jiraId: 'UBERPOP-42',
    });
  });
  it('when the old form has no brackets, then the title stays whole and there is no jira id', () => {
    expect(splitLegacyTitle('  Feed the parrots ')).toEqual({ title: 'Feed the parrots', jiraId: null });
  });
  it('when a title contains a bracket, then it is refused and the jira id field is suggested', () => {
    expect(checkTitle({ title: '[UBERPOP-1] x', jiraId: null })).toEqual([
      { field: 'title', message: 'must not contain "[" or "]": put the jira id in jiraId' },
    ]);
  });
  it('when the jira id is malformed, then it is refused', () => {
    expect(checkTitle({ title: 'x', jiraId: 'uberpop-1' }).map((p) => p.field)).toEqual(['jiraId']);
    expect(checkTitle({ title: 'x', jiraId: 'UBERPOP-1' })).toEqual([]);
  });
});
