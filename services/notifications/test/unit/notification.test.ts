import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
import { payoutMade, rolesChanged, taskAssigned, welcome } from '../../src/domain/notification.js';
import { effectivePreferences } from '../../src/domain/preferences.js';
import { parseSignal } from '../../src/live/live-signal.js';

describe('notification texts', () => {
  it('when a user is created, then the welcome greets them by display name and keeps the event id', () => {
    const n = welcome('ev-1', { id: 'u-1', login: 'ann', displayName: 'Ann' });
    expect(n).toMatchObject({
      userId: 'u-1',
      type: 'welcome',
      title: 'Welcome to Garrison, Ann',
      sourceEventId: 'ev-1',
    });
    expect(n.body).toContain('"ann"');
  });

  it('when roles change, then the title lists the new roles and the data says what was added and removed', () => {
    const n = rolesChanged('ev-2', {
      id: 'u-1',
      roles: ['worker', 'admin'],
      previousRoles: ['worker', 'player'],
    });
    expect(n.title).toBe('Your roles changed: admin, worker');
    expect(n.data).toEqual({
      roles: ['admin', 'worker'],
      previousRoles: ['player', 'worker'],
      added: ['admin'],
      removed: ['player'],
    });
    expect(n.body).toMatch(/^Added: admin\. Removed: player\./);
  });

  it('when a task is assigned, then the assignee is told its jira id and title, or the title alone without one', () => {
    const base = { taskId: 't-1', title: 'Feed', assigneeId: 'u-2', previousAssigneeId: null };
    const n = taskAssigned('ev-3', { ...base, jiraId: 'UBERPOP-7' });
    expect(n).toMatchObject({ userId: 'u-2', type: 'task.assigned', title: 'New task: UBERPOP-7 Feed' });
    expect(n.sourceEventId).toBe('ev-3');
    expect(taskAssigned('ev-4', { ...base, jiraId: null }).title).toBe('New task: Feed');
  });

  it('when a payout is made, then the worker is told the amount and the day', () => {
    const n = payoutMade('ev-5', { transactionId: 'x-1', userId: 'u-3', day: '2026-11-23', amount: 42 });
    expect(n).toMatchObject({ userId: 'u-3', type: 'payout.made', title: 'Payout: 42 for 2026-11-23' });
    expect(n.data).toEqual({ transactionId: 'x-1', day: '2026-11-23', amount: 42 });
  });

  it('when every role is removed, then the title says none', () => {
    expect(rolesChanged('e', { id: 'u', roles: [], previousRoles: ['player'] }).title).toBe(
      'Your roles changed: none',
    );
  });
});

describe('cursor', () => {
  it('when a cursor is encoded, then it decodes to the same position', () => {
    expect(decodeCursor(encodeCursor('12345'))).toBe('12345');
  });

  it('when a cursor was not made by us, then it is refused', () => {
    expect(decodeCursor('garbage')).toBeUndefined();
    expect(decodeCursor(Buffer.from('n:1; drop table').toString('base64url'))).toBeUndefined();
  });
});

describe('preferences', () => {
  it('when nothing is stored, then every type is in-app only', () => {
    const prefs = effectivePreferences([]);
    expect(prefs.length).toBeGreaterThan(10);
    expect(prefs.every((p) => p.inApp && !p.email && !p.webhook)).toBe(true);
  });

  it('when a channel was chosen, then that type and channel follow the choice and the rest keep defaults', () => {
    const prefs = effectivePreferences([{ type: 'welcome', channel: 'email', enabled: true }]);
    expect(prefs.find((p) => p.type === 'welcome')).toEqual({
      type: 'welcome',
      inApp: true,
      email: true,
      webhook: false,
    });
    expect(prefs.find((p) => p.type === 'roles.changed')?.email).toBe(false);
  });
});

describe('live signals', () => {
  it('when a payload is well formed, then it is understood; otherwise ignored', () => {
    expect(parseSignal('{"kind":"created","userId":"u","id":"n"}')).toEqual({
      kind: 'created',
      userId: 'u',
      id: 'n',
    });
    expect(parseSignal('{"kind":"read","userId":"u"}')).toEqual({ kind: 'read', userId: 'u' });
    expect(parseSignal('{"kind":"created","userId":"u"}')).toBeUndefined();
    expect(parseSignal('not json')).toBeUndefined();
    expect(parseSignal(undefined)).toBeUndefined();
  });
});
