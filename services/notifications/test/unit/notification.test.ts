import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
import { rolesChanged, welcome } from '../../src/domain/notification.js';
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
