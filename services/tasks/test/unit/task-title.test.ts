import { describe, expect, it } from 'vitest';
import { checkTitle, splitLegacyTitle } from '../../src/domain/task-title.js';
import { drawAssignee, isEligibleWorker } from '../../src/domain/assignment.js';

describe('task titles', () => {
  it('when the old form carries the jira id in brackets, then it is split off', () => {
    expect(splitLegacyTitle('[UBERPOP-42] Feed the parrots')).toEqual({ title: 'Feed the parrots', jiraId: 'UBERPOP-42' });
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

describe('assignment', () => {
  it('when an account is a manager or admin, then it never gets tasks even with the worker role', () => {
    expect(isEligibleWorker({ id: 'a', roles: ['worker'], active: true })).toBe(true);
    expect(isEligibleWorker({ id: 'b', roles: ['worker', 'manager'], active: true })).toBe(false);
    expect(isEligibleWorker({ id: 'c', roles: ['worker', 'admin'], active: true })).toBe(false);
    expect(isEligibleWorker({ id: 'd', roles: ['worker'], active: false })).toBe(false);
    expect(isEligibleWorker({ id: 'e', roles: ['player'], active: true })).toBe(false);
  });
  it('when drawing, then every candidate can be drawn and nobody outside', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) seen.add(drawAssignee(['x', 'y', 'z'], () => i / 3 + 0.01)!);
    expect([...seen].sort()).toEqual(['x', 'y', 'z']);
    expect(drawAssignee([], Math.random)).toBeNull();
  });
});
