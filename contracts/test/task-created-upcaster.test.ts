import { describe, expect, it } from 'vitest';
import { upcastTaskCreated } from '../src/index.js';

const v1 = {
  id: '0b9c5d1e-8a3f-4c2b-9f6d-1e2a3b4c5d6e',
  title: '[UBERPOP-42] Feed the parrots',
  description: '',
  status: 'open' as const,
  assigneeId: '5f1e0c2a-3b4d-4e6f-8a9b-0c1d2e3f4a5b',
  createdAt: '2026-11-23T09:00:00.000Z',
};

describe('task.created upcaster', () => {
  it('when a v1 title carries the jira id, then v2 has it split off', () => {
    expect(upcastTaskCreated(1, v1)).toEqual({ ...v1, title: 'Feed the parrots', jiraId: 'UBERPOP-42' });
  });
  it('when a v1 title has no jira id, then v2 has null', () => {
    expect(upcastTaskCreated(1, { ...v1, title: 'Plain' })).toMatchObject({ title: 'Plain', jiraId: null });
  });
  it('when the event is already v2, then it passes unchanged', () => {
    const v2 = { ...v1, title: 'Feed', jiraId: 'UBERPOP-1' };
    expect(upcastTaskCreated(2, v2)).toBe(v2);
  });
});
